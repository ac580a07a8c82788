package org.phenolip.train.stage1;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phenolip.core.stats.Wilson;

/**
 * Retrieval among term-label embeddings by cosine (rows are L2-normalised), the ranking math of
 * {@link OntologyProbe}. A query hits at k when fewer than k allowed non-target candidates score
 * above its best target; ties count in its favour. Excluded candidates (the query's own term,
 * its other known parents: the filtered setting) take no part, and the chance level is exact for
 * the query's number of targets among its allowed candidates.
 */
final class LabelRetrieval {
  private LabelRetrieval() {}

  record Query(float[] vector, Set<Integer> targets, Set<Integer> excluded) {}

  record Score(int n, int top1, int top10, double chance1, double chance10) {
    /** Writes {prefix}_top1, _top1_ci95_lo/hi, _top1_chance and the same for top10. */
    void put(Map<String, Double> out, String prefix) {
      put(out, prefix + "_top1", top1, chance1);
      put(out, prefix + "_top10", top10, chance10);
    }

    private void put(Map<String, Double> out, String key, int hits, double chance) {
      double[] w = Wilson.interval(hits, n);
      out.put(key, n == 0 ? Double.NaN : (double) hits / n);
      out.put(key + "_ci95_lo", w[0]);
      out.put(key + "_ci95_hi", w[1]);
      out.put(key + "_chance", chance);
    }
  }

  static Score score(List<Query> queries, float[][] candidates) {
    int top1 = 0, top10 = 0;
    double chance1 = 0, chance10 = 0;
    for (Query q : queries) {
      double best = Double.NEGATIVE_INFINITY;
      for (int t : q.targets()) best = Math.max(best, dot(q.vector(), candidates[t]));
      int higher = 0, allowed = 0;
      for (int i = 0; i < candidates.length; i++) {
        if (q.excluded().contains(i)) continue;
        allowed++;
        if (!q.targets().contains(i) && dot(q.vector(), candidates[i]) > best) higher++;
      }
      if (higher == 0) top1++;
      if (higher < 10) top10++;
      chance1 += chance(allowed, q.targets().size(), 1);
      chance10 += chance(allowed, q.targets().size(), 10);
    }
    int n = queries.size();
    return new Score(n, top1, top10, n == 0 ? Double.NaN : chance1 / n, n == 0 ? Double.NaN : chance10 / n);
  }

  /** P(some of {@code targets} among the first k of {@code candidates} in random order). */
  static double chance(int candidates, int targets, int k) {
    double miss = 1;
    for (int i = 0; i < Math.min(k, candidates); i++) miss *= Math.max(0.0, (double) (candidates - targets - i) / (candidates - i));
    return 1 - miss;
  }

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
