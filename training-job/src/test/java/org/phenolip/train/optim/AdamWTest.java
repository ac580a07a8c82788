package org.phenolip.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

/** AdamW against a double-precision reference written from the formula. */
class AdamWTest {
  static Block linear(NDManager m, int in, int out) {
    Block b = Linear.builder().setUnits(out).build();
    b.initialize(m, DataType.FLOAT32, new Shape(1, in));
    return b;
  }

  @Test
  void matchesTheReferenceUpdateAndSkipsDecayOnBiases() {
    try (NDManager m = NDManager.newBaseManager()) {
      ParameterVector pv = ParameterVector.trainable(linear(m, 3, 2)); // weight 2x3, bias 2
      assertEquals(8, pv.size());
      float[] w0 = {0.5f, -1f, 2f, 0.25f, 0f, -0.75f, 0.1f, -0.2f};
      pv.setValues(w0);
      AdamW.Hyper h = new AdamW.Hyper(0.9f, 0.99f, 1e-6f, 0.1f, false);
      double[] w = new double[8];
      double[] mm = new double[8];
      double[] vv = new double[8];
      for (int i = 0; i < 8; i++) w[i] = w0[i];
      try (AdamW opt = new AdamW(pv, h)) {
        for (int t = 1; t <= 4; t++) {
          float lr = 0.01f * t;
          float[] g = new float[8];
          for (int i = 0; i < 8; i++) g[i] = (float) Math.sin(i + 3.0 * t);
          opt.step(g, lr);
          for (int i = 0; i < 8; i++) {
            boolean decay = i < 6; // the weight matrix, not the bias vector
            if (decay) w[i] *= 1 - (double) lr * 0.1;
            mm[i] = 0.9 * mm[i] + 0.1 * g[i];
            vv[i] = 0.99 * vv[i] + 0.01 * g[i] * g[i];
            double denom = Math.sqrt(vv[i]) / Math.sqrt(1 - Math.pow(0.99, t)) + 1e-6;
            w[i] -= lr / (1 - Math.pow(0.9, t)) * mm[i] / denom;
          }
          float[] got = pv.values();
          for (int i = 0; i < 8; i++) assertEquals(w[i], got[i], 1e-5, "step " + t + " value " + i);
        }
        assertEquals(4, opt.steps());
      }
    }
  }

  @Test
  void exportedStateResumesBitForBit() {
    try (NDManager m = NDManager.newBaseManager()) {
      ParameterVector a = ParameterVector.trainable(linear(m, 4, 3));
      ParameterVector b = ParameterVector.trainable(linear(m, 4, 3));
      b.setValues(a.values());
      AdamW.Hyper h = AdamW.Hyper.defaults();
      try (AdamW oa = new AdamW(a, h); AdamW ob = new AdamW(b, h)) {
        for (int t = 0; t < 5; t++) {
          float[] g = grad(a.size(), t);
          oa.step(g, 0.05f);
          if (t == 2) {
            b.setValues(a.values());
            ob.importState(oa.exportState());
          } else if (t > 2) {
            ob.step(g, 0.05f);
          }
        }
        assertArrayEquals(a.values(), b.values());
        OptimizerState sa = oa.exportState();
        OptimizerState sb = ob.exportState();
        assertEquals(sa.step(), sb.step());
        for (int i = 0; i < sa.m().length; i++) {
          assertArrayEquals(sa.m()[i], sb.m()[i]);
          assertArrayEquals(sa.v()[i], sb.v()[i]);
        }
      }
    }
  }

  @Test
  void rejectsStateOfAnotherModel() {
    try (NDManager m = NDManager.newBaseManager()) {
      ParameterVector a = ParameterVector.trainable(linear(m, 4, 3));
      try (AdamW oa = new AdamW(a, AdamW.Hyper.defaults())) {
        OptimizerState wrong = new OptimizerState(1, new float[][] {new float[12], new float[2]},
            new float[][] {new float[12], new float[2]});
        var e = assertThrows(IllegalArgumentException.class, () -> oa.importState(wrong));
        assertEquals(true, e.getMessage().contains("expected 3"), e.getMessage());
      }
    }
  }

  static float[] grad(int n, int t) {
    float[] g = new float[n];
    for (int i = 0; i < n; i++) g[i] = (float) Math.cos(0.7 * i + t);
    return g;
  }
}
