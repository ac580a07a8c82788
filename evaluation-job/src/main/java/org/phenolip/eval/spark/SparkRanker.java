package org.phenolip.eval.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.phenolip.eval.metrics.BlockRanker;
import org.phenolip.eval.metrics.RankResult;
import org.phenolip.eval.metrics.Ranker;

/**
 * Block-wise ranking across Spark partitions: the candidate embeddings are broadcast once; the
 * queries travel in blocks, and each task ranks its blocks with {@link BlockRanker}, so a task
 * holds the candidates plus one score tile, never the full similarity matrix.
 */
public final class SparkRanker implements Ranker, Serializable {
  private final transient SparkSession spark;
  private final int k;
  private final int block;
  private final int queryBlock;

  /**
   * @param queryBlock queries per Spark element (a task ranks one or more of these)
   */
  public SparkRanker(SparkSession spark, int k, int block, int queryBlock) {
    this.spark = spark;
    this.k = k;
    this.block = block;
    this.queryBlock = queryBlock;
  }

  record QueryBlock(int start, float[][] rows, int[][] correct) implements Serializable {}

  record Ranked(int start, RankResult result) implements Serializable {}

  @Override
  public RankResult rank(float[][] queries, float[][] candidates, int[][] correct) {
    int n = queries.length;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<QueryBlock> blocks = new ArrayList<>();
    for (int s = 0; s < n; s += queryBlock) {
      int e = Math.min(n, s + queryBlock);
      blocks.add(new QueryBlock(s, java.util.Arrays.copyOfRange(queries, s, e), java.util.Arrays.copyOfRange(correct, s, e)));
    }
    if (blocks.isEmpty()) return new RankResult(new int[0], new int[0][], new float[0][]);
    Broadcast<float[][]> cand = jsc.broadcast(candidates);
    try {
      int kk = k, bb = block;
      List<Ranked> parts = jsc.parallelize(blocks, Math.min(blocks.size(), jsc.defaultParallelism() * 4))
          .map(b -> new Ranked(b.start(), new BlockRanker(kk, bb).rank(b.rows(), cand.value(), b.correct())))
          .collect();
      int[] ranks = new int[n];
      int[][] top = new int[n][];
      float[][] scores = new float[n][];
      for (Ranked p : parts) {
        RankResult r = p.result();
        System.arraycopy(r.ranks(), 0, ranks, p.start(), r.size());
        System.arraycopy(r.topK(), 0, top, p.start(), r.size());
        System.arraycopy(r.topKScores(), 0, scores, p.start(), r.size());
      }
      return new RankResult(ranks, top, scores);
    } finally {
      cand.destroy();
    }
  }
}
