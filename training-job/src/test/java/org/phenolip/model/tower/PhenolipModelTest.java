package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.train.loss.ClipLoss;

class PhenolipModelTest {
  static final int VOCAB = 100;
  static NDManager manager;
  static final ModelConfig TINY = ModelConfig.tiny(VOCAB);

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  static NDArray images(NDManager m, int batch, long seed) {
    Random r = new Random(seed);
    int s = TINY.imageSize();
    float[] v = new float[batch * 3 * s * s];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return m.create(v, new Shape(batch, 3, s, s));
  }

  /** Rows: [CLS]=2, tokens, [SEP]=3, then padding id 0 (mask 0). */
  static NDArray[] texts(NDManager m, long[][] tokens, int length) {
    long[] ids = new long[tokens.length * length];
    long[] mask = new long[tokens.length * length];
    for (int i = 0; i < tokens.length; i++) {
      ids[i * length] = 2;
      mask[i * length] = 1;
      for (int j = 0; j < tokens[i].length; j++) {
        ids[i * length + 1 + j] = tokens[i][j];
        mask[i * length + 1 + j] = 1;
      }
      ids[i * length + 1 + tokens[i].length] = 3;
      mask[i * length + 1 + tokens[i].length] = 1;
    }
    return new NDArray[] {m.create(ids, new Shape(tokens.length, length)), m.create(mask, new Shape(tokens.length, length))};
  }

  @Test
  void embeddingsAreUnitVectorsOfTheSharedDimension() {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 1);
      NDArray img = model.encodeImages(images(m, 3, 7));
      NDArray[] t = texts(m, new long[][] {{10, 11}, {12}, {13, 14, 15}}, 8);
      NDArray txt = model.encodeTexts(t[0], t[1]);
      assertEquals(new Shape(3, TINY.embedDim()), img.getShape());
      assertEquals(new Shape(3, TINY.embedDim()), txt.getShape());
      assertArrayEquals(new float[] {1, 1, 1}, img.norm(new int[] {1}).toFloatArray(), 1e-5f);
      assertArrayEquals(new float[] {1, 1, 1}, txt.norm(new int[] {1}).toFloatArray(), 1e-5f);
      assertEquals((float) (1 / 0.07), model.logitScale(new ParameterStore(m, false), m, false)
          .getFloat(), 1e-4);
    }
  }

  @Test
  void paddingDoesNotChangeTextEmbeddings() {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 2);
      NDArray[] shortPad = texts(m, new long[][] {{10, 11, 12}}, 6);
      NDArray[] longPad = texts(m, new long[][] {{10, 11, 12}}, 20);
      NDArray garbage = longPad[0].duplicate();
      garbage.set(new ai.djl.ndarray.index.NDIndex(":, 10:"), 42); // masked positions
      float[] a = model.encodeTexts(shortPad[0], shortPad[1]).toFloatArray();
      float[] b = model.encodeTexts(longPad[0], longPad[1]).toFloatArray();
      float[] c = model.encodeTexts(garbage, longPad[1]).toFloatArray();
      assertArrayEquals(a, b, 1e-6f);
      assertArrayEquals(b, c, 1e-6f);
    }
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() {
    try (NDManager m = manager.newSubManager()) {
      NDArray x = images(m, 2, 3);
      float[] a = PhenolipModel.create(TINY, m, 5).encodeImages(x).toFloatArray();
      float[] b = PhenolipModel.create(TINY, m, 5).encodeImages(x).toFloatArray();
      float[] c = PhenolipModel.create(TINY, m, 6).encodeImages(x).toFloatArray();
      assertArrayEquals(a, b, 0f);
      assertNotEquals(a[0], c[0]);
    }
  }

  @Test
  void savedAndLoadedModelGivesIdenticalEmbeddings(@TempDir Path dir) throws Exception {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 3);
      model.save(dir);
      PhenolipModel loaded = PhenolipModel.load(dir, m);
      assertEquals(TINY, loaded.config());
      NDArray x = images(m, 2, 9);
      NDArray[] t = texts(m, new long[][] {{20, 21}, {22}}, 10);
      assertArrayEquals(model.encodeImages(x).toFloatArray(), loaded.encodeImages(x).toFloatArray(), 0f);
      assertArrayEquals(model.encodeTexts(t[0], t[1]).toFloatArray(),
          loaded.encodeTexts(t[0], t[1]).toFloatArray(), 0f);
      assertEquals(model.getParameters().size(), loaded.getParameters().size());
      for (Pair<String, Parameter> p : loaded.getParameters()) {
        assertTrue(p.getValue().getArray().hasGradient(), p.getKey() + " lost its gradient after load");
      }
    }
  }

  @Test
  void loadingAFolderWithoutModelFilesIsAClearError(@TempDir Path dir) {
    var e = assertThrows(java.io.IOException.class, () -> PhenolipModel.load(dir, manager));
    assertTrue(e.getMessage().startsWith("not a saved PhenoLIP model"), e.getMessage());
  }

  @Test
  void everyParameterGetsAGradientAndAdamLowersTheClipLoss() {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 4);
      NDArray x = images(m, 4, 11);
      NDArray[] t = texts(m, new long[][] {{30, 31}, {32, 33}, {34}, {35, 36, 37}}, 8);
      Optimizer adam = Optimizer.adam().build();
      ParameterStore ps = new ParameterStore(m, false);
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 15; step++) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.zeroGradients();
          NDList out = model.forward(ps, new NDList(x, t[0], t[1]), true);
          NDArray loss = ClipLoss.compute(out.get(0), out.get(1), out.get(2));
          gc.backward(loss);
          if (step == 0) {
            first = loss.getFloat();
            for (Pair<String, Parameter> p : model.getParameters()) {
              float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
              assertTrue(g > 0, "no gradient reached " + p.getKey());
            }
          }
          last = loss.getFloat();
        }
        for (Pair<String, Parameter> p : model.getParameters()) {
          NDArray w = p.getValue().getArray();
          adam.update(p.getValue().getId(), w, w.getGradient());
        }
        model.clampLogitScale();
      }
      assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
    }
  }

  @Test
  void clampKeepsTheScaleParameterInRange() {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 4);
      NDArray t = model.logitScaleParameter().getArray();
      org.phenolip.model.engine.Autograd.gradMode(false);
      t.set(new ai.djl.ndarray.index.NDIndex("..."), 7f);
      org.phenolip.model.engine.Autograd.gradMode(true);
      model.clampLogitScale(); // with grad mode on, as in a Spark task thread
      assertEquals(Math.log(100), model.logitScaleParam(), 1e-6);
      assertTrue(t.hasGradient());
    }
  }

  @Test
  void wrongImageShapeIsAClearError() {
    try (NDManager m = manager.newSubManager()) {
      PhenolipModel model = PhenolipModel.create(TINY, m, 4);
      var e = assertThrows(IllegalArgumentException.class,
          () -> model.encodeImages(m.zeros(new Shape(1, 3, 16, 16))));
      assertEquals("vision tower expects (B, 3, 32, 32) images, got (1, 3, 16, 16)", e.getMessage());
    }
  }
}
