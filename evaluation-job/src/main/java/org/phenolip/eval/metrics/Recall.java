package org.phenolip.eval.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall@K from ranks (see {@link BlockRanker} for the rank rule): the fraction of scorable
 * queries whose rank is below K. Queries with rank -1 (no correct candidate among the scored
 * ones) are counted as {@code unscorable} and left out of the denominator.
 */
public record Recall(int n, int unscorable, double[] curve, double medianRank) {
  /** The K values reported in tables. */
  public static final int[] KS = {1, 5, 10, 50};
  /** The Recall@K curve is kept for K = 1..CURVE_MAX. */
  public static final int CURVE_MAX = 50;

  public static Recall of(int[] ranks) {
    int n = 0, unscorable = 0;
    int[] hitsAt = new int[CURVE_MAX + 1];
    int[] scored = Arrays.stream(ranks).filter(r -> r >= 0).sorted().toArray();
    for (int r : ranks) {
      if (r < 0) {
        unscorable++;
        continue;
      }
      n++;
      if (r < CURVE_MAX) hitsAt[r]++;
    }
    double[] curve = new double[CURVE_MAX];
    long cum = 0;
    for (int k = 1; k <= CURVE_MAX; k++) {
      cum += hitsAt[k - 1];
      curve[k - 1] = n == 0 ? Double.NaN : (double) cum / n;
    }
    double median = n == 0 ? Double.NaN
        : (n % 2 == 1 ? scored[n / 2] + 1 : (scored[n / 2 - 1] + scored[n / 2]) / 2.0 + 1);
    return new Recall(n, unscorable, curve, median);
  }

  /** Recall@k for 1 <= k <= {@link #CURVE_MAX}. */
  public double at(int k) {
    if (k < 1 || k > CURVE_MAX) throw new IllegalArgumentException("k must be in 1.." + CURVE_MAX + ", got " + k);
    return curve[k - 1];
  }

  /** Stable JSON shape: n, unscorable, r1, r5, r10, r50, median_rank (1-based), curve. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("unscorable", unscorable);
    for (int k : KS) m.put("r" + k, at(k));
    m.put("median_rank", medianRank);
    m.put("curve", curve);
    return m;
  }
}
