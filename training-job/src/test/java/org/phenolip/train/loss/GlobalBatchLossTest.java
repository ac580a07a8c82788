package org.phenolip.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sharded global-batch loss vs single-process autograd. Tolerance: float32 throughout; the
 * sums of 1–4 shard gradients differ from autograd's only by rounding order: 1e-5 on the loss
 * (~2) and 5e-6 · max(1, max|g|) on gradients (seen: ≤ 1.5e-6 at s = 100, where |g| ≤ 0.7).
 */
class GlobalBatchLossTest {
  static NDManager manager;
  static final int N = 12;
  static final int D = 8;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /** Single-process reference: loss, dI, dT, dt by autograd. */
  private static Object[] reference(float[] img, float[] txt, float t, long[] concepts) {
    NDArray i = manager.create(img, new Shape(N, D));
    NDArray x = manager.create(txt, new Shape(N, D));
    NDArray tp = manager.create(new float[] {t});
    i.setRequiresGradient(true);
    x.setRequiresGradient(true);
    tp.setRequiresGradient(true);
    float loss;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray scale = tp.clip(0f, (float) GlobalBatchLoss.MAX_LOGIT_SCALE_PARAM).exp();
      NDArray l = MultiPositiveLoss.compute(i, x, concepts, scale);
      loss = l.getFloat();
      gc.backward(l);
    }
    return new Object[] {loss, i.getGradient().toFloatArray(), x.getGradient().toFloatArray(),
        tp.getGradient().getFloat()};
  }

  private static Object[] sharded(float[] img, float[] txt, float t, long[] concepts, int workers) {
    float loss = 0;
    float[] gi = new float[N * D];
    float[] gt = new float[N * D];
    float gs = 0;
    for (int w = 0; w < workers; w++) {
      // uneven ranges, like a last smaller per-worker batch
      int from = w * N / workers;
      int to = (w + 1) * N / workers;
      GlobalBatchLoss.Shard s = GlobalBatchLoss.shard(manager, img, txt, D, t, from, to, concepts);
      loss += s.loss();
      for (int k = 0; k < gi.length; k++) {
        gi[k] += s.gradImages()[k];
        gt[k] += s.gradTexts()[k];
      }
      gs += s.gradLogitScaleParam();
    }
    return new Object[] {loss, gi, gt, gs};
  }

  private static void assertSame(Object[] expected, Object[] actual) {
    assertEquals((float) expected[0], (float) actual[0], 1e-5, "loss");
    assertArrayEquals((float[]) expected[1], (float[]) actual[1], tolerance((float[]) expected[1]), "dL/dI");
    assertArrayEquals((float[]) expected[2], (float[]) actual[2], tolerance((float[]) expected[2]), "dL/dT");
    assertEquals((float) expected[3], (float) actual[3], 1e-5, "dL/dt");
  }

  private static float tolerance(float[] expected) {
    float max = 0;
    for (float v : expected) {
      max = Math.max(max, Math.abs(v));
    }
    return 5e-6f * Math.max(1f, max);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4})
  void shardsSumToSingleProcessClipLossAndGradient(int workers) {
    Random r = new Random(42);
    float[] img = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    float[] txt = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    float t = (float) Math.log(1 / 0.07);
    assertSame(reference(img, txt, t, null), sharded(img, txt, t, null, workers));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void shardsSumToSingleProcessMultiPositiveLoss(int workers) {
    Random r = new Random(43);
    float[] img = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    float[] txt = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    long[] concepts = {1, 2, 3, 1, 4, 5, 2, 6, 7, 1, 8, 9};
    assertSame(reference(img, txt, 2f, concepts), sharded(img, txt, 2f, concepts, workers));
  }

  @Test
  void clampedScaleParameterGetsNoGradient() {
    Random r = new Random(44);
    float[] img = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    float[] txt = LossTestSupport.flat(LossTestSupport.randomUnitRows(r, N, D));
    Object[] ref = reference(img, txt, 5f, null); // above ln 100
    Object[] got = sharded(img, txt, 5f, null, 3);
    assertEquals(0f, (float) ref[3]);
    assertSame(ref, got);
  }

  @Test
  void badShapesAndRangesAreClearErrors() {
    float[] a = new float[10];
    var e = assertThrows(IllegalArgumentException.class,
        () -> GlobalBatchLoss.shard(manager, a, a, 3, 1f, 0, 1, null));
    assertEquals("gathered embeddings: 10 image and 10 text values do not form N×3 matrices", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> GlobalBatchLoss.shard(manager, a, a, 5, 1f, 1, 3, null));
  }

  @Test
  void ndArrayFormKeepsTypeAndDevice() {
    Random r = new Random(45);
    NDArray i = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 3), DataType.FLOAT32);
    NDArray x = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 3), DataType.FLOAT32);
    GlobalBatchLoss.Result res = GlobalBatchLoss.shard(i, x, 1f, 0, 4, null);
    assertEquals(new Shape(4, 3), res.gradImages().getShape());
    assertEquals(ClipLoss.compute(i, x, (float) Math.E).getFloat(), res.loss().getFloat(), 1e-6);
  }
}
