package org.phenolip.train.loss;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.function.Function;

/** Plain-Java references and finite differences for the loss tests. */
final class LossTestSupport {
  private LossTestSupport() {}

  static double[][] matmulT(double[][] a, double[][] b) {
    double[][] out = new double[a.length][b.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b.length; j++) {
        for (int k = 0; k < a[i].length; k++) {
          out[i][j] += a[i][k] * b[j][k];
        }
      }
    }
    return out;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** Mean over rows of −Σ y_ij log softmax(l)_ij. */
  static double softCe(double[][] logits, double[][] targets) {
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[i]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (double v : logits[i]) {
        sum += Math.exp(v - max);
      }
      double lse = max + Math.log(sum);
      for (int j = 0; j < logits[i].length; j++) {
        total -= targets[i][j] * (logits[i][j] - lse);
      }
    }
    return total / logits.length;
  }

  static double[][] eye(int n) {
    double[][] e = new double[n][n];
    for (int i = 0; i < n; i++) {
      e[i][i] = 1;
    }
    return e;
  }

  /** Reference symmetric loss ½[CE(sABᵀ, Y) + CE(sBAᵀ, Y)] with Y symmetric. */
  static double symmetric(double[][] a, double[][] b, double s, double[][] y) {
    double[][] l = matmulT(a, b);
    for (double[] row : l) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= s;
      }
    }
    return 0.5 * (softCe(l, y) + softCe(transpose(l), y));
  }

  static double[][] randomUnitRows(Random r, int n, int d) {
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        x[i][k] = r.nextGaussian();
        norm += x[i][k] * x[i][k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < d; k++) {
        x[i][k] /= norm;
      }
    }
    return x;
  }

  static NDArray array(NDManager m, double[][] x, DataType type) {
    int n = x.length;
    int d = x[0].length;
    double[] flat = new double[n * d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    return m.create(flat, new Shape(n, d)).toType(type, false);
  }

  static float[] flat(double[][] x) {
    float[] f = new float[x.length * x[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x[0].length; j++) {
        f[i * x[0].length + j] = (float) x[i][j];
      }
    }
    return f;
  }

  /** Autograd gradient of f at x (float64). */
  static double[] autograd(NDManager m, double[][] x, Function<NDArray, NDArray> f) {
    NDArray a = array(m, x, DataType.FLOAT64);
    a.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(f.apply(a));
    }
    return a.getGradient().toDoubleArray();
  }

  /** Central finite differences of f at x in float64, step h. */
  static double[] finiteDifferences(NDManager m, double[][] x, Function<NDArray, NDArray> f, double h) {
    int d = x[0].length;
    double[] g = new double[x.length * d];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < d; k++) {
        double keep = x[i][k];
        x[i][k] = keep + h;
        double plus = f.apply(array(m, x, DataType.FLOAT64)).getDouble();
        x[i][k] = keep - h;
        double minus = f.apply(array(m, x, DataType.FLOAT64)).getDouble();
        x[i][k] = keep;
        g[i * d + k] = (plus - minus) / (2 * h);
      }
    }
    return g;
  }
}
