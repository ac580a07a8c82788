package org.phenolip.eval.metrics;

import java.io.Serializable;

/**
 * Per query: the rank of its best correct candidate (0 = first; -1 when the query has no
 * correct candidate among those scored) and its top-K candidates, best first.
 */
public record RankResult(int[] ranks, int[][] topK, float[][] topKScores) implements Serializable {

  public int size() { return ranks.length; }
}
