package org.phenolip.core.stats;

/** Wilson's 95% score interval for a proportion of {@code hits} in {@code n}: {lo, hi}, NaN for n = 0. */
public final class Wilson {
  public static final double Z95 = 1.959963984540054;

  private Wilson() {}

  public static double[] interval(int hits, int n) {
    if (n <= 0) return new double[] {Double.NaN, Double.NaN};
    double p = (double) hits / n, z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }
}
