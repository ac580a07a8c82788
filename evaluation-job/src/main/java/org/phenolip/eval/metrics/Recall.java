package org.phenolip.eval.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recall@K from ranks (see {@link BlockRanker} for the rank rule): the fraction of scorable
 * queries whose rank is below K. Queries with rank -1 (no correct candidate among the scored
 * ones) are counted as {@code unscorable} and left out of the denominator. When the candidate
 * sets are known, each reported K also carries its exact chance level ({@link Chance}) and a
 * 95% bootstrap interval over queries; {@code candidates} is the mean number per query.
 */
public record Recall(int n, int unscorable, double[] curve, double medianRank, double candidates, double[] chance, Interval[] ci) {
  /** The K values reported in tables. */
  public static final int[] KS = {1, 5, 10, 50};
  /** The Recall@K curve is kept for K = 1..CURVE_MAX. */
  public static final int CURVE_MAX = 50;

  public static Recall of(int[] ranks) {
    Interval[] none = new Interval[KS.length];
    java.util.Arrays.fill(none, Interval.NONE);
    double[] nan = new double[KS.length];
    java.util.Arrays.fill(nan, Double.NaN);
    Recall r = ofRanks(ranks);
    return new Recall(r.n, r.unscorable, r.curve, r.medianRank, Double.NaN, nan, none);
  }

  /**
   * @param candidates per query, the number of candidates it is ranked among
   * @param correct per query, how many of them are correct
   */
  public static Recall of(int[] ranks, int[] candidates, int[] correct) {
    if (candidates.length != ranks.length || correct.length != ranks.length) throw new IllegalArgumentException("ranks, candidates and correct differ in length");
    Recall r = ofRanks(ranks);
    double[] chance = new double[KS.length];
    Interval[] ci = new Interval[KS.length];
    for (int i = 0; i < KS.length; i++) {
      int k = KS[i];
      chance[i] = Chance.meanHitAtK(candidates, correct, k);
      ci[i] = Interval.bootstrapMean(java.util.Arrays.stream(ranks).filter(x -> x >= 0).mapToDouble(x -> x < k ? 1 : 0).toArray());
    }
    double c = java.util.Arrays.stream(candidates).average().orElse(Double.NaN);
    return new Recall(r.n, r.unscorable, r.curve, r.medianRank, c, chance, ci);
  }

  private static Recall ofRanks(int[] ranks) {
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
    return new Recall(n, unscorable, curve, median, Double.NaN, null, null);
  }

  /** Recall@k for 1 <= k <= {@link #CURVE_MAX}. */
  public double at(int k) {
    if (k < 1 || k > CURVE_MAX) throw new IllegalArgumentException("k must be in 1.." + CURVE_MAX + ", got " + k);
    return curve[k - 1];
  }

  /** Chance level of Recall@k for k in {@link #KS} (NaN when the candidate sets were not given). */
  public double chanceAt(int k) {
    for (int i = 0; i < KS.length; i++) if (KS[i] == k) return chance[i];
    throw new IllegalArgumentException("chance is kept for K in " + java.util.Arrays.toString(KS) + ", got " + k);
  }

  /** 95% interval of Recall@k for k in {@link #KS}. */
  public Interval ciAt(int k) {
    for (int i = 0; i < KS.length; i++) if (KS[i] == k) return ci[i];
    throw new IllegalArgumentException("intervals are kept for K in " + java.util.Arrays.toString(KS) + ", got " + k);
  }

  /** Stable JSON shape: n, unscorable, candidates, r1, r1_ci95, r1_chance, ..., median_rank (1-based), curve. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", n);
    m.put("unscorable", unscorable);
    m.put("candidates", candidates);
    for (int i = 0; i < KS.length; i++) {
      m.put("r" + KS[i], at(KS[i]));
      m.put("r" + KS[i] + "_ci95", ci[i].toJson());
      m.put("r" + KS[i] + "_chance", chance[i]);
    }
    m.put("median_rank", medianRank);
    m.put("curve", curve);
    return m;
  }
}
