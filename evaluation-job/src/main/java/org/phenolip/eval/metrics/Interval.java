package org.phenolip.eval.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 95% interval: Wilson's score interval for an accuracy (k hits of n), and the seeded
 * percentile bootstrap over rows for means of per-row scores (recalls, F1), stratified when
 * the statistic is a macro average over strata.
 */
public record Interval(double lo, double hi) {
  public static final double Z95 = org.phenolip.core.stats.Wilson.Z95;
  public static final int BOOTSTRAP_REPS = 2000;
  public static final long BOOTSTRAP_SEED = 20240813L;
  public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

  public double[] toJson() {
    return new double[] {lo, hi};
  }

  /** Wilson score interval for hits of n (95%); NONE when n = 0. */
  public static Interval wilson(int hits, int n) {
    if (n <= 0) return NONE;
    double[] w = org.phenolip.core.stats.Wilson.interval(hits, n);
    return new Interval(w[0], w[1]);
  }

  /** Percentile bootstrap (2.5%, 97.5%) of the mean of per-row scores. */
  public static Interval bootstrapMean(double[] rows) {
    return bootstrapMacro(List.of(rows));
  }

  /**
   * Percentile bootstrap of the unweighted mean over strata of each stratum's row mean, rows
   * resampled with replacement within each stratum ({@value #BOOTSTRAP_REPS} resamples, fixed
   * seed, so the interval is reproducible). NONE when a stratum is empty or there are none.
   */
  public static Interval bootstrapMacro(List<double[]> strata) {
    if (strata.isEmpty() || strata.stream().anyMatch(s -> s.length == 0)) return NONE;
    SplittableRandom rnd = new SplittableRandom(BOOTSTRAP_SEED);
    double[] stats = new double[BOOTSTRAP_REPS];
    for (int b = 0; b < BOOTSTRAP_REPS; b++) {
      double macro = 0;
      for (double[] s : strata) {
        double sum = 0;
        for (int i = 0; i < s.length; i++) sum += s[rnd.nextInt(s.length)];
        macro += sum / s.length;
      }
      stats[b] = macro / strata.size();
    }
    Arrays.sort(stats);
    return new Interval(quantile(stats, 0.025), quantile(stats, 0.975));
  }

  /** Linear-interpolated quantile of sorted values (type 7, as R and numpy default). */
  static double quantile(double[] sorted, double q) {
    double h = (sorted.length - 1) * q;
    int i = (int) Math.floor(h);
    return i + 1 < sorted.length ? sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  }

  /** Sample mean and standard deviation (n - 1) of per-seed values; sd NaN for one value. */
  public static double[] meanSd(double[] v) {
    double m = Arrays.stream(v).average().orElse(Double.NaN);
    if (v.length < 2) return new double[] {m, Double.NaN};
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return new double[] {m, Math.sqrt(ss / (v.length - 1))};
  }
}
