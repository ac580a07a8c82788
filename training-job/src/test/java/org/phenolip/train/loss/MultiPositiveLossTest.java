package org.phenolip.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MultiPositiveLossTest {
  static NDManager manager;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void targetsAreRowNormalisedSameConceptMatrix() {
    float[][] y = SoftTargets.sameConcept(new long[] {7, 7, 9});
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, y[0]);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, y[1]);
    assertArrayEquals(new float[] {0f, 0f, 1f}, y[2]);
  }

  @Test
  void threeByThreeByHand() {
    // a = b = identity rows, s = 1, concepts (7, 7, 9): logits = I, symmetric.
    double[][] e = LossTestSupport.eye(3);
    double lse = Math.log(Math.E + 2); // log(e¹ + e⁰ + e⁰)
    double row01 = -(0.5 * (1 - lse) + 0.5 * (0 - lse)); // rows 0 and 1: two positives
    double row2 = -(1 - lse);
    double expected = (2 * row01 + row2) / 3; // both directions equal
    NDArray loss = MultiPositiveLoss.compute(LossTestSupport.array(manager, e, DataType.FLOAT32),
        LossTestSupport.array(manager, e, DataType.FLOAT32), new long[] {7, 7, 9}, 1f);
    assertEquals(expected, loss.getFloat(), 1e-6);
  }

  @Test
  void distinctConceptsReduceToClip() {
    Random r = new Random(11);
    NDArray a = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 6), DataType.FLOAT32);
    NDArray b = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 6), DataType.FLOAT32);
    assertEquals(ClipLoss.compute(a, b, 5f).getFloat(),
        MultiPositiveLoss.compute(a, b, new long[] {1, 2, 3, 4}, 5f).getFloat(), 1e-6);
  }

  @Test
  void matchesReferenceWithSharedConcepts() {
    Random r = new Random(12);
    double[][] a = LossTestSupport.randomUnitRows(r, 5, 3);
    double[][] b = LossTestSupport.randomUnitRows(r, 5, 3);
    long[] concepts = {1, 2, 1, 3, 2};
    float[][] yf = SoftTargets.sameConcept(concepts);
    double[][] y = new double[5][5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        y[i][j] = yf[i][j];
      }
    }
    double expected = LossTestSupport.symmetric(a, b, 10, y);
    assertEquals(expected, MultiPositiveLoss.compute(LossTestSupport.array(manager, a, DataType.FLOAT32),
        LossTestSupport.array(manager, b, DataType.FLOAT32), concepts, 10f).getFloat(), 1e-5);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Random r = new Random(13);
    double[][] a = LossTestSupport.randomUnitRows(r, 4, 3);
    NDArray b = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 3), DataType.FLOAT64);
    long[] concepts = {5, 5, 6, 5};
    Function<NDArray, NDArray> f = x -> MultiPositiveLoss.compute(x, b, concepts, 4f);
    assertArrayEquals(LossTestSupport.finiteDifferences(manager, a, f, 1e-6),
        LossTestSupport.autograd(manager, a, f), 1e-7);
  }

  @Test
  void mismatchedConceptCountIsAClearError() {
    NDArray a = manager.eye(3);
    var e = assertThrows(IllegalArgumentException.class,
        () -> MultiPositiveLoss.compute(a, a, new long[] {1, 2}, 1f));
    assertEquals("concept ids: 2 given for a batch of 3", e.getMessage());
  }
}
