package org.phenolip.eval.spark;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.embed.ClassNoiseModel;
import org.phenolip.eval.embed.ModelCache;
import org.phenolip.eval.metrics.BlockRanker;
import org.phenolip.eval.metrics.RandomVectors;
import org.phenolip.eval.metrics.RankResult;

class SparkRankerTest {
  static SparkSession spark;
  @TempDir java.nio.file.Path dir;

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

  @Test
  void embedsEveryInputOnceAndLoadsTheModelOncePerExecutor() {
    var f = ClassNoiseModel.factory(16, 0);
    List<SparkEmbedder.Input> in = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      in.add(SparkEmbedder.Input.image("x" + i, null, ClassNoiseModel.image(i % 3, i)));
      in.add(SparkEmbedder.Input.text("x" + i, SparkEmbedder.CAPTION, "c" + (i % 3) + " i" + i));
    }
    var out = SparkEmbedder.embed(spark, f, in, 8, 6);
    assertEquals(100, out.size());
    assertEquals(1, ModelCache.loads(f.key()), "local mode is one executor: one load for 6 partitions");
    // noise 0: an image and its caption embed to the same vector.
    var byKey = new java.util.HashMap<String, float[]>();
    for (var e : out) byKey.put(e.kind() + e.id(), e.vector());
    assertArrayEquals(byKey.get("imagex7"), byKey.get("captionx7"), 1e-6f);
    String path = dir.resolve("emb").toString();
    SparkEmbedder.save(spark, path, out);
    var back = SparkEmbedder.load(spark, path);
    assertEquals(100, back.size());
    var e0 = back.stream().filter(e -> e.id().equals("x3") && e.kind().equals("image")).findFirst().orElseThrow();
    assertArrayEquals(byKey.get("imagex3"), e0.vector(), 0f);
  }
}
