package org.phenolip.eval.metrics;

/** Ranks queries against candidates: in this JVM ({@link #local}) or across Spark partitions. */
@FunctionalInterface
public interface Ranker {
  RankResult rank(float[][] queries, float[][] candidates, int[][] correct);

  static Ranker local(int k, int block) {
    BlockRanker r = new BlockRanker(k, block);
    return r::rank;
  }
}
