package org.phenolip.eval.metrics;

/**
 * Exact chance levels of the rank-based metrics for a scorer that orders the candidates
 * uniformly at random (no ties). Under the {@link BlockRanker} rule a query with {@code c}
 * candidates of which {@code m} are correct has rank >= K exactly when the first K candidates
 * are all wrong, so P(hit@K) = 1 - C(c-m, K) / C(c, K) (hypergeometric), which is K/c for one
 * correct candidate and covers multi-label rows.
 */
public final class Chance {
  private Chance() {}

  /** P(rank < k) for one query; NaN when it has no correct candidate (unscorable). */
  public static double hitAtK(int candidates, int correct, int k) {
    if (correct <= 0 || candidates <= 0) return Double.NaN;
    if (correct > candidates) throw new IllegalArgumentException(correct + " correct of " + candidates + " candidates");
    int wrong = candidates - correct;
    if (k > wrong) return 1.0;
    double allWrong = 1;
    for (int i = 0; i < k; i++) allWrong *= (double) (wrong - i) / (candidates - i);
    return 1 - allWrong;
  }

  /** Mean of {@link #hitAtK} over the scorable queries (NaN when none). */
  public static double meanHitAtK(int[] candidates, int[] correct, int k) {
    double s = 0;
    int n = 0;
    for (int q = 0; q < candidates.length; q++) {
      double p = hitAtK(candidates[q], correct[q], k);
      if (Double.isNaN(p)) continue;
      s += p;
      n++;
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /**
   * Expected example-based scores of a random top-k predicted set among c candidates for an
   * image with m correct ones: tp is hypergeometric with mean k'm/c (k' = min(k, c)), and
   * precision tp/k', recall tp/m and F1 2tp/(k'+m) are linear in tp, so their expectations are exact.
   * @return {precision, recall, f1}
   */
  public static double[] topKSet(int candidates, int correct, int k) {
    int kk = Math.min(k, candidates);
    double tp = (double) kk * correct / candidates;
    return new double[] {tp / kk, tp / correct, 2 * tp / (kk + correct)};
  }
}
