package org.phenolip.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClipLossTest {
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
  void identityPairsAtScaleOneGiveLogOnePlusEMinusOne() {
    double[][] e = {{1, 0}, {0, 1}};
    NDArray loss = ClipLoss.compute(LossTestSupport.array(manager, e, DataType.FLOAT32),
        LossTestSupport.array(manager, e, DataType.FLOAT32), 1f);
    // each row: −1 + log(e¹ + e⁰), both directions alike
    assertEquals(Math.log(1 + Math.E) - 1, loss.getFloat(), 1e-6);
  }

  @Test
  void twoByTwoByHand() {
    double[][] img = {{1, 0}, {0, 1}};
    double[][] txt = {{0.6, 0.8}, {1, 0}};
    // s·I·Tᵀ with s = 2: [[1.2, 2.0], [1.6, 0.0]]
    double i2t = ((-1.2 + Math.log(Math.exp(1.2) + Math.exp(2.0)))
        + (-0.0 + Math.log(Math.exp(1.6) + Math.exp(0.0)))) / 2;
    double t2i = ((-1.2 + Math.log(Math.exp(1.2) + Math.exp(1.6)))
        + (-0.0 + Math.log(Math.exp(2.0) + Math.exp(0.0)))) / 2;
    NDArray scale = manager.create(new float[] {2f});
    NDArray loss = ClipLoss.compute(LossTestSupport.array(manager, img, DataType.FLOAT32),
        LossTestSupport.array(manager, txt, DataType.FLOAT32), scale);
    assertEquals(0.5 * (i2t + t2i), loss.getFloat(), 1e-6);
    assertEquals(1.4987362, loss.getFloat(), 1e-6); // the same number, written out
  }

  @Test
  void threeByThreeMatchesPlainJavaReference() {
    Random r = new Random(3);
    double[][] img = LossTestSupport.randomUnitRows(r, 3, 4);
    double[][] txt = LossTestSupport.randomUnitRows(r, 3, 4);
    double expected = LossTestSupport.symmetric(img, txt, 14.285714, LossTestSupport.eye(3));
    NDArray loss = ClipLoss.compute(LossTestSupport.array(manager, img, DataType.FLOAT32),
        LossTestSupport.array(manager, txt, DataType.FLOAT32), 14.285714f);
    assertEquals(expected, loss.getFloat(), 1e-5);
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    Random r = new Random(5);
    double[][] img = LossTestSupport.randomUnitRows(r, 3, 4);
    double[][] txt = LossTestSupport.randomUnitRows(r, 3, 4);
    NDArray fixedTxt = LossTestSupport.array(manager, txt, DataType.FLOAT64);
    NDArray fixedImg = LossTestSupport.array(manager, img, DataType.FLOAT64);
    var wrtImages = (java.util.function.Function<NDArray, NDArray>) a -> ClipLoss.compute(a, fixedTxt, 3f);
    var wrtTexts = (java.util.function.Function<NDArray, NDArray>) a -> ClipLoss.compute(fixedImg, a, 3f);
    assertArrayEquals(LossTestSupport.finiteDifferences(manager, img, wrtImages, 1e-6),
        LossTestSupport.autograd(manager, img, wrtImages), 1e-7);
    assertArrayEquals(LossTestSupport.finiteDifferences(manager, txt, wrtTexts, 1e-6),
        LossTestSupport.autograd(manager, txt, wrtTexts), 1e-7);
  }

  @Test
  void scaleGradientMatchesFiniteDifference() {
    Random r = new Random(9);
    NDArray img = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 3, 4), DataType.FLOAT64);
    NDArray txt = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 3, 4), DataType.FLOAT64);
    double[][] s = {{2.5}};
    var f = (java.util.function.Function<NDArray, NDArray>) a -> ClipLoss.compute(img, txt, a.reshape(1));
    assertArrayEquals(LossTestSupport.finiteDifferences(manager, s, f, 1e-6),
        LossTestSupport.autograd(manager, s, f), 1e-7);
  }
}
