package org.phenolip.eval.metrics;

import java.util.Random;

/** Random unit vectors for brute-force cross-checks. */
public final class RandomVectors {
  private RandomVectors() {}

  public static float[][] unit(Random rnd, int n, int d) {
    float[][] m = new float[n][d];
    for (float[] row : m) for (int i = 0; i < d; i++) row[i] = (float) rnd.nextGaussian();
    return Vectors.normalizedRows(m);
  }

  /** Naive full score row, summed in double: an independent computation of the similarities. */
  public static double[] scores(float[] q, float[][] c) {
    double[] s = new double[c.length];
    for (int j = 0; j < c.length; j++) {
      double acc = 0;
      for (int i = 0; i < q.length; i++) acc += (double) q[i] * c[j][i];
      s[j] = acc;
    }
    return s;
  }

  /** Candidate indices sorted by descending score (random data: no ties). */
  public static Integer[] order(double[] s) {
    Integer[] o = new Integer[s.length];
    for (int i = 0; i < o.length; i++) o[i] = i;
    java.util.Arrays.sort(o, (a, b) -> Double.compare(s[b], s[a]));
    return o;
  }
}
