package org.phenolip.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * The data-parallel recipe end to end on the tiny model: 2 simulated workers each encode their
 * half of the batch, "all-gather" the detached embeddings, take their loss share and gradient
 * from {@link GlobalBatchLoss}, "all-reduce" (sum) those, and back-propagate their slice through
 * the towers. The summed parameter gradients must equal one process's gradients for the whole
 * batch. Tolerance 2e-5 · max(1, max|g|): float32, different summation orders.
 */
class ShardedTrainingGradientTest {
  static final ModelConfig CONFIG = ModelConfig.tiny(60);
  static final int BATCH = 4;
  static final int WORKERS = 2;

  @Test
  void twoWorkersGiveTheSingleProcessParameterGradients() {
    try (NDManager root = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = PhenolipModel.create(CONFIG, root, 17);
      Random r = new Random(8);
      int s = CONFIG.imageSize();
      float[] pixels = new float[BATCH * 3 * s * s];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) r.nextGaussian();
      }
      int len = 6;
      long[] ids = new long[BATCH * len];
      long[] mask = new long[BATCH * len];
      for (int b = 0; b < BATCH; b++) {
        for (int j = 0; j < len; j++) {
          ids[b * len + j] = j <= 2 + b % 3 ? 5 + r.nextInt(50) : 0;
          mask[b * len + j] = j <= 2 + b % 3 ? 1 : 0;
        }
      }

      // single process, whole batch
      Map<String, float[]> expected;
      float expectedT;
      try (NDManager m = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.zeroGradients();
        ParameterStore ps = new ParameterStore(m, false);
        NDArray img = model.encodeImages(ps, m.create(pixels, new Shape(BATCH, 3, s, s)), true);
        NDArray txt = model.encodeTexts(ps, m.create(ids, new Shape(BATCH, len)), m.create(mask, new Shape(BATCH, len)), true);
        gc.backward(ClipLoss.compute(img, txt, model.logitScale(ps, m, true)));
        expected = gradients(model);
      }
      expectedT = expected.remove(model.logitScaleParameter().getName())[0];

      // workers: forward own rows, gather, shard, all-reduce, back-propagate own slice
      int per = BATCH / WORKERS;
      int d = CONFIG.embedDim();
      float[] gatheredImg = new float[BATCH * d];
      float[] gatheredTxt = new float[BATCH * d];
      for (int w = 0; w < WORKERS; w++) {
        try (NDManager m = root.newSubManager()) {
          NDArray[] e = encodeSlice(model, m, pixels, ids, mask, w * per, per, len, false);
          System.arraycopy(e[0].toFloatArray(), 0, gatheredImg, w * per * d, per * d);
          System.arraycopy(e[1].toFloatArray(), 0, gatheredTxt, w * per * d, per * d);
        }
      }
      float[] gImg = new float[BATCH * d];
      float[] gTxt = new float[BATCH * d];
      float gT = 0;
      float loss = 0;
      for (int w = 0; w < WORKERS; w++) {
        try (NDManager m = root.newSubManager()) {
          GlobalBatchLoss.Shard shard = GlobalBatchLoss.shard(m, gatheredImg, gatheredTxt, d,
              model.logitScaleParam(), w * per, (w + 1) * per, null);
          for (int k = 0; k < gImg.length; k++) { // the all-reduce
            gImg[k] += shard.gradImages()[k];
            gTxt[k] += shard.gradTexts()[k];
          }
          gT += shard.gradLogitScaleParam();
          loss += shard.loss();
        }
      }
      Map<String, float[]> summed = new LinkedHashMap<>();
      for (int w = 0; w < WORKERS; w++) {
        try (NDManager m = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.zeroGradients();
          NDArray[] e = encodeSlice(model, m, pixels, ids, mask, w * per, per, len, true);
          NDArray sliceImg = m.create(java.util.Arrays.copyOfRange(gImg, w * per * d, (w + 1) * per * d), new Shape(per, d));
          NDArray sliceTxt = m.create(java.util.Arrays.copyOfRange(gTxt, w * per * d, (w + 1) * per * d), new Shape(per, d));
          gc.backward(GlobalBatchLoss.surrogate(e[0], sliceImg).add(GlobalBatchLoss.surrogate(e[1], sliceTxt)));
          gradients(model).forEach((k, v) -> summed.merge(k, v, (a, b) -> {
            float[] c = a.clone();
            for (int i = 0; i < c.length; i++) {
              c[i] += b[i];
            }
            return c;
          }));
        }
      }
      summed.remove(model.logitScaleParameter().getName());

      assertEquals(expected.keySet(), summed.keySet());
      for (String k : expected.keySet()) {
        float[] want = expected.get(k);
        float max = 0;
        for (float v : want) {
          max = Math.max(max, Math.abs(v));
        }
        assertArrayEquals(want, summed.get(k), 2e-5f * Math.max(1f, max), k);
      }
      assertEquals(expectedT, gT, 2e-5f, "logit scale");
      try (NDManager m = root.newSubManager()) {
        NDArray[] all = encodeSlice(model, m, pixels, ids, mask, 0, BATCH, len, false);
        assertEquals(ClipLoss.compute(all[0], all[1], (float) Math.exp(model.logitScaleParam())).getFloat(), loss, 1e-5);
      }
    }
  }

  private static NDArray[] encodeSlice(PhenolipModel model, NDManager m, float[] pixels, long[] ids, long[] mask,
      int from, int count, int len, boolean training) {
    int s = CONFIG.imageSize();
    int img = 3 * s * s;
    ParameterStore ps = new ParameterStore(m, false);
    NDArray images = m.create(java.util.Arrays.copyOfRange(pixels, from * img, (from + count) * img), new Shape(count, 3, s, s));
    NDArray i = m.create(java.util.Arrays.copyOfRange(ids, from * len, (from + count) * len), new Shape(count, len));
    NDArray k = m.create(java.util.Arrays.copyOfRange(mask, from * len, (from + count) * len), new Shape(count, len));
    return new NDArray[] {model.encodeImages(ps, images, training), model.encodeTexts(ps, i, k, training)};
  }

  private static Map<String, float[]> gradients(PhenolipModel model) {
    Map<String, float[]> g = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray grad = p.getValue().getArray().getGradient();
      g.put(p.getValue().getName().equals("logit_scale") ? "logit_scale" : p.getKey(), grad.toFloatArray());
      grad.close();
    }
    return g;
  }
}
