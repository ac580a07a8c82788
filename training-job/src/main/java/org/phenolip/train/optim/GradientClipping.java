package org.phenolip.train.optim;

/** Clipping by the global L2 norm over all parameters' gradients, on the flat vector. */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales {@code g[0..len)} so its L2 norm is at most {@code maxNorm} ({@code <= 0}: no
   * clipping) and returns the norm before clipping. Accumulates in double, in index order,
   * so every replica computes the same bits.
   */
  public static double clipByGlobalNorm(float[] g, int len, double maxNorm) {
    double sq = 0;
    for (int i = 0; i < len; i++) sq += (double) g[i] * g[i];
    double norm = Math.sqrt(sq);
    if (maxNorm > 0 && norm > maxNorm && Double.isFinite(norm)) {
      float scale = (float) (maxNorm / (norm + 1e-6));
      for (int i = 0; i < len; i++) g[i] *= scale;
    }
    return norm;
  }
}
