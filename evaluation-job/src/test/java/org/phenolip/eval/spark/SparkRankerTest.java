package org.phenolip.eval.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.metrics.BlockRanker;
import org.phenolip.eval.metrics.RandomVectors;
import org.phenolip.eval.metrics.RankResult;

class SparkRankerTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("SparkRankerTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void acrossPartitionsEqualsOneBlockRanker() {
    Random rnd = new Random(4);
    float[][] q = RandomVectors.unit(rnd, 230, 24);
    float[][] c = RandomVectors.unit(rnd, 170, 24);
    int[][] correct = new int[q.length][];
    for (int i = 0; i < q.length; i++) correct[i] = new int[] {rnd.nextInt(c.length), rnd.nextInt(c.length)};
    RankResult local = new BlockRanker(7, 1000).rank(q, c, correct);
    RankResult dist = new SparkRanker(spark, 7, 16, 37).rank(q, c, correct);
    assertArrayEquals(local.ranks(), dist.ranks());
    for (int i = 0; i < q.length; i++) assertArrayEquals(local.topK()[i], dist.topK()[i]);
  }
}
