package org.phenolip.eval.probe;

/**
 * The objective MLlib's {@code LogisticRegression} minimises for the probe (multinomial softmax
 * with intercepts, L2 {@code regParam} on the coefficients of standardised features, intercepts
 * not penalised), minimised in one JVM with {@link Lbfgs} on double arrays: for probe-sized data
 * a fit is milliseconds, where MLlib spends seconds in Spark jobs per iteration.
 *
 * <p>Like MLlib: features are centred and divided by their sample standard deviation (a constant
 * feature gets weight 0); two classes are MLlib's binomial model, which is the softmax with
 * {@code 2 * regParam} (the softmax splits the margin's penalty over two weight vectors).
 */
public final class LocalLogistic {
  private final int classes;
  private final int dim;
  private final double[] mean;
  private final double[] invStd;
  private final double[] weights; // classes x dim, row-major, for standardised features
  private final double[] intercepts;
  private final int iterations;

  private LocalLogistic(int classes, int dim, double[] mean, double[] invStd, double[] weights, double[] intercepts, int iterations) {
    this.classes = classes;
    this.dim = dim;
    this.mean = mean;
    this.invStd = invStd;
    this.weights = weights;
    this.intercepts = intercepts;
    this.iterations = iterations;
  }

  /**
   * Fits on the rows {@code rows} of {@code x} (all rows when null); classes are
   * {@code 0..max(label)} as MLlib infers them.
   */
  public static LocalLogistic fit(float[][] x, int[] y, int[] rows, double regParam, int maxIter, double tol) {
    int n = rows == null ? x.length : rows.length;
    if (n == 0) throw new IllegalArgumentException("no training rows");
    if (regParam <= 0) throw new IllegalArgumentException("regParam must be > 0 (the optimum is unique only then), got " + regParam);
    int d = x[row(rows, 0)].length;
    int k = 0;
    for (int r = 0; r < n; r++) {
      int i = row(rows, r);
      if (x[i].length != d) throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row " + row(rows, 0) + " has " + d);
      if (y[i] < 0) throw new IllegalArgumentException("row " + i + ": negative label " + y[i]);
      k = Math.max(k, y[i] + 1);
    }
    int kk = Math.max(k, 2);
    double[] mean = new double[d], invStd = new double[d];
    double[] z = standardised(x, rows, n, d, mean, invStd);
    int[] labels = new int[n];
    for (int r = 0; r < n; r++) labels[r] = y[row(rows, r)];
    double lambda = kk == 2 ? 2 * regParam : regParam;
    Softmax loss = new Softmax(z, labels, n, d, kk, lambda);
    Lbfgs.Result res = Lbfgs.minimise(loss, new double[kk * (d + 1)], maxIter, tol);
    double[] w = java.util.Arrays.copyOf(res.x(), kk * d), b = java.util.Arrays.copyOfRange(res.x(), kk * d, kk * (d + 1));
    return new LocalLogistic(kk, d, mean, invStd, w, b, res.iterations());
  }

  private static int row(int[] rows, int r) {
    return rows == null ? r : rows[r];
  }

  /** Row-major n x d standardised copy; fills mean and 1/std (0 where std is 0, as MLlib). */
  private static double[] standardised(float[][] x, int[] rows, int n, int d, double[] mean, double[] invStd) {
    for (int r = 0; r < n; r++) {
      float[] v = x[row(rows, r)];
      for (int j = 0; j < d; j++) mean[j] += v[j];
    }
    for (int j = 0; j < d; j++) mean[j] /= n;
    double[] var = new double[d];
    for (int r = 0; r < n; r++) {
      float[] v = x[row(rows, r)];
      for (int j = 0; j < d; j++) var[j] += (v[j] - mean[j]) * (v[j] - mean[j]);
    }
    for (int j = 0; j < d; j++) {
      double sd = n > 1 ? Math.sqrt(var[j] / (n - 1)) : 0;
      invStd[j] = sd > 0 ? 1 / sd : 0;
    }
    double[] z = new double[n * d];
    for (int r = 0; r < n; r++) {
      float[] v = x[row(rows, r)];
      for (int j = 0; j < d; j++) z[r * d + j] = (v[j] - mean[j]) * invStd[j];
    }
    return z;
  }

  /** The predicted class: the first class of highest score, as MLlib breaks ties. */
  public int predict(float[] v) {
    int best = 0;
    double top = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double s = intercepts[c];
      for (int j = 0; j < dim; j++) s += weights[c * dim + j] * (v[j] - mean[j]) * invStd[j];
      if (s > top) {
        top = s;
        best = c;
      }
    }
    return best;
  }

  public double accuracy(float[][] x, int[] y) {
    int hit = 0;
    for (int i = 0; i < x.length; i++) if (predict(x[i]) == y[i]) hit++;
    return (double) hit / x.length;
  }

  /** Coefficients in the original feature space, classes x dim (as MLlib's coefficientMatrix for 3+ classes). */
  public double[][] coefficients() {
    double[][] c = new double[classes][dim];
    for (int k = 0; k < classes; k++) for (int j = 0; j < dim; j++) c[k][j] = weights[k * dim + j] * invStd[j];
    return c;
  }

  public int iterations() { return iterations; }

  /** Mean log-loss plus the L2 penalty, and its gradient, over standardised rows. */
  static final class Softmax implements Lbfgs.Objective {
    private final double[] z;
    private final int[] y;
    private final int n, d, k;
    private final double lambda;

    Softmax(double[] z, int[] y, int n, int d, int k, double lambda) {
      this.z = z;
      this.y = y;
      this.n = n;
      this.d = d;
      this.k = k;
      this.lambda = lambda;
    }

    @Override
    public double valueAndGradient(double[] t, double[] g) {
      java.util.Arrays.fill(g, 0);
      double loss = 0;
      double[] s = new double[k];
      int bOff = k * d;
      for (int i = 0; i < n; i++) {
        int zi = i * d;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
          s[c] = t[bOff + c] + dot(t, c * d, z, zi, d);
          max = Math.max(max, s[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) sum += s[c] = Math.exp(s[c] - max);
        loss += Math.log(sum) + max - (Math.log(s[y[i]]) + max);
        for (int c = 0; c < k; c++) {
          double p = s[c] / sum - (c == y[i] ? 1 : 0);
          if (p == 0) continue;
          int w = c * d;
          for (int j = 0; j < d; j++) g[w + j] += p * z[zi + j];
          g[bOff + c] += p;
        }
      }
      double reg = 0;
      for (int q = 0; q < g.length; q++) {
        g[q] /= n;
        if (q < bOff) {
          g[q] += lambda * t[q];
          reg += t[q] * t[q];
        }
      }
      return loss / n + 0.5 * lambda * reg;
    }

    /** Four partial sums: a single-accumulator reduction is not vectorised by the JIT. */
    static double dot(double[] a, int ao, double[] b, int bo, int len) {
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int j = 0;
      for (; j + 3 < len; j += 4) {
        s0 += a[ao + j] * b[bo + j];
        s1 += a[ao + j + 1] * b[bo + j + 1];
        s2 += a[ao + j + 2] * b[bo + j + 2];
        s3 += a[ao + j + 3] * b[bo + j + 3];
      }
      for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
      return (s0 + s1) + (s2 + s3);
    }
  }
}
