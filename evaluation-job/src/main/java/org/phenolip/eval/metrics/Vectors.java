package org.phenolip.eval.metrics;

/** Dense float vectors: the one dot-product kernel every metric uses, so equal vectors give equal scores. */
public final class Vectors {
  private Vectors() {}

  /** Dot product with four accumulators (the JIT cannot reorder a single float sum). */
  public static float dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
    }
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int n = a.length, i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
  }

  /** A unit-length copy; a zero vector stays zero (it then scores 0 against everything). */
  public static float[] normalized(float[] v) {
    double n = 0;
    for (float x : v) n += (double) x * x;
    float[] out = v.clone();
    if (n == 0) return out;
    float inv = (float) (1.0 / Math.sqrt(n));
    for (int i = 0; i < out.length; i++) out[i] *= inv;
    return out;
  }

  public static float[][] normalizedRows(float[][] m) {
    float[][] out = new float[m.length][];
    for (int i = 0; i < m.length; i++) out[i] = normalized(m[i]);
    return out;
  }

  /** open_clip's class embedding: normalise each prompt embedding, average, normalise again. */
  public static float[] meanOfNormalized(float[][] rows) {
    if (rows.length == 0) throw new IllegalArgumentException("no vectors to average");
    float[] acc = new float[rows[0].length];
    for (float[] r : rows) {
      float[] u = normalized(r);
      for (int i = 0; i < acc.length; i++) acc[i] += u[i];
    }
    for (int i = 0; i < acc.length; i++) acc[i] /= rows.length;
    return normalized(acc);
  }
}
