package org.phenolip.model.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scalar operand recorded by autograd must survive a garbage collection between forward and
 * backward (issue 9). DJL's {@code mul(Number)} does not: its scalar is a Java direct buffer that
 * the collector frees while the graph still points at it, so backward reads whatever malloc put
 * there next. {@link Scalars}' scalar belongs to PyTorch.
 */
class ScalarsTest {
  static final int OPS = 40;
  static final int TRIALS = 5;

  /** Gradient of Σ op(…op(op(w, c0), c1)…) w.r.t. w, with a collection and a heap churn of small direct buffers before backward. */
  static float[] gradAfterGc(Op op, boolean gc) throws InterruptedException {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray w = m.create(new float[] {0.5f, 1.5f, 2f, 3f}, new Shape(4));
      w.setRequiresGradient(true);
      boolean old = Autograd.gradMode(true);
      NDArray loss;
      try {
        NDArray y = w;
        for (int k = 0; k < OPS; k++) y = op.apply(y, 1f + k / 64f);
        loss = y.sum();
      } finally {
        Autograd.gradMode(old);
      }
      List<ByteBuffer> churn = new ArrayList<>();
      if (gc) {
        System.gc();
        Thread.sleep(50); // the Cleaner thread frees unreachable direct buffers
        for (int k = 0; k < 4000; k++) {
          ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
          b.putFloat(0, 1e30f);
          churn.add(b);
        }
      }
      Autograd.gradMode(true);
      try {
        Autograd.backward(loss);
      } finally {
        Autograd.gradMode(old);
      }
      try (NDArray g = w.getGradient()) {
        return g.toFloatArray();
      }
    }
  }

  interface Op {
    NDArray apply(NDArray x, float c);
  }

  @Test
  void scalarOperandsSurviveACollectionBetweenForwardAndBackward() throws Exception {
    Op[] ops = {Scalars::mul, Scalars::div, (x, c) -> Scalars.maximum(x, 1e-6f * c)};
    for (Op op : ops) {
      float[] expected = gradAfterGc(op, false);
      for (float v : expected) assertTrue(Float.isFinite(v) && v != 0, "reference gradient " + v);
      for (int t = 0; t < TRIALS; t++) {
        assertArrayEquals(expected, gradAfterGc(op, true), "trial " + t);
      }
    }
  }

  @Test
  void djlsNumberOverloadsDoNotWhichIsWhyScalarsExists() throws Exception {
    // The harness above bites: with NDArray.mul(Number) the gradient changes after the collection.
    Op djl = (x, c) -> x.mul(c);
    float[] expected = gradAfterGc(djl, false);
    int wrong = 0;
    for (int t = 0; t < TRIALS; t++) {
      if (!java.util.Arrays.equals(expected, gradAfterGc(djl, true))) wrong++;
    }
    assertTrue(wrong > 0, "NDArray.mul(Number) kept its scalar alive in " + TRIALS + " of " + TRIALS
        + " trials: if DJL now copies it, Scalars is no longer needed");
  }
}
