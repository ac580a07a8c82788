package org.phenolip.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
  static NDManager manager;

  @BeforeAll
  static void engine() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static double[] softmax(double... z) {
    double sum = 0;
    double[] p = new double[z.length];
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i]);
      sum += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  private static double kl(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += p[i] * Math.log(p[i] / q[i]);
    }
    return s;
  }

  @Test
  void twoSamplesThreePrototypesByHand() {
    // prototypes = identity rows (3 × 3), so logits are the embeddings themselves / τ
    double[][] protos = LossTestSupport.eye(3);
    double[][] student = {{1, 0, 0}, {0, 0.6, 0.8}};
    double[][] teacher = {{0.8, 0.6, 0}, {0, 0, 1}};
    float tauT = 0.5f;
    float tauS = 0.25f;
    float lambda = 0.3f;
    double expected = lambda * 0.5 * (
        kl(softmax(0.8 / tauT, 0.6 / tauT, 0), softmax(1 / tauS, 0, 0))
        + kl(softmax(0, 0, 1 / tauT), softmax(0, 0.6 / tauS, 0.8 / tauS)));
    NDArray p = LossTestSupport.array(manager, protos, DataType.FLOAT32);
    NDArray loss = new DistillationLoss(tauT, tauS, lambda).compute(
        LossTestSupport.array(manager, student, DataType.FLOAT32), p,
        LossTestSupport.array(manager, teacher, DataType.FLOAT32), p);
    assertEquals(expected, loss.getFloat(), 1e-6);
  }

  @Test
  void zeroWhenStudentMatchesTeacher() {
    Random r = new Random(1);
    NDArray x = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 4, 5), DataType.FLOAT32);
    NDArray p = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 6, 5), DataType.FLOAT32);
    assertEquals(0.0, new DistillationLoss(0.1f, 0.1f, 1f).compute(x, p, x, p).getFloat(), 1e-6);
  }

  @Test
  void studentGradientMatchesFiniteDifferencesAndTeacherGetsNone() {
    Random r = new Random(2);
    double[][] student = LossTestSupport.randomUnitRows(r, 3, 4);
    NDArray protos = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 5, 4), DataType.FLOAT64);
    NDArray teacher = LossTestSupport.array(manager, LossTestSupport.randomUnitRows(r, 3, 4), DataType.FLOAT64);
    DistillationLoss loss = new DistillationLoss(0.2f, 0.1f, 2f);
    Function<NDArray, NDArray> f = s -> loss.compute(s, protos, teacher, protos);
    assertArrayEquals(LossTestSupport.finiteDifferences(manager, student, f, 1e-6),
        LossTestSupport.autograd(manager, student, f), 1e-6);

    NDArray t = teacher.duplicate();
    t.setRequiresGradient(true);
    NDArray s = LossTestSupport.array(manager, student, DataType.FLOAT64);
    s.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(loss.compute(s, protos, t, protos));
    }
    assertEquals(0.0, t.getGradient().abs().sum().toType(DataType.FLOAT64, false).getDouble(), 0.0);
    double studentGrad = s.getGradient().abs().sum().getDouble();
    assertEquals(true, studentGrad > 0, "student gradient " + studentGrad);
  }

  @Test
  void rejectsNonPositiveTemperature() {
    assertThrows(IllegalArgumentException.class, () -> new DistillationLoss(0f, 0.1f, 1f));
  }
}
