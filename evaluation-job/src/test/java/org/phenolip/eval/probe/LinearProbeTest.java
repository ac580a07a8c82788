package org.phenolip.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.embed.RandomProjectionModel;
import org.phenolip.eval.run.Evaluator;
import org.phenolip.eval.run.ProbeData;

class LinearProbeTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("LinearProbeTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void stratifiedSamplingKeepsEveryClass() {
    int[] labels = new int[300];
    for (int i = 0; i < 300; i++) labels[i] = i < 270 ? 0 : (i < 297 ? 1 : 2);
    int[] s = Stratified.sample(labels, 0.1, 1);
    int[] c = new int[3];
    for (int i : s) c[labels[i]]++;
    assertArrayEquals(new int[] {27, 3, 1}, c, "round(0.1 * n), at least one per class");
    assertArrayEquals(s, Stratified.sample(labels, 0.1, 1), "seeded");
    assertFalse(java.util.Arrays.equals(s, Stratified.sample(labels, 0.1, 2)));
    int[][] split = Stratified.split(labels, 1.0 / 3, 0);
    assertEquals(300, split[0].length + split[1].length);
    assertEquals(0.0, LinearProbe.std(new double[] {0.5}));
    assertEquals(1.0, LinearProbe.std(new double[] {1, 2, 3}), 1e-12);
    assertEquals("1%", LinearProbe.percent(0.01));
    assertEquals("100%", LinearProbe.percent(1.0));
  }

  @Test
  void separableClustersAreLearnedFully() {
    Random rnd = new Random(2);
    int n = 200, d = 8;
    float[][] x = new float[n][d], tx = new float[60][d];
    int[] y = new int[n], ty = new int[60];
    for (int i = 0; i < n + 60; i++) {
      int cls = i % 3;
      float[] v = new float[d];
      v[cls] = 4;
      for (int j = 0; j < d; j++) v[j] += (float) (rnd.nextGaussian() * 0.3);
      if (i < n) {
        x[i] = v;
        y[i] = cls;
      } else {
        tx[i - n] = v;
        ty[i - n] = cls;
      }
    }
    var r = LinearProbe.run(spark, "clusters", x, y, tx, ty, 3, new double[] {0.05, 1.0}, new long[] {0, 1});
    assertEquals(2, r.points().size());
    assertEquals(1.0, r.points().get(1).mean(), 1e-12);
    assertEquals(0.0, r.points().get(1).std(), 1e-12);
    assertEquals(200, r.points().get(1).trainRows());
    assertEquals(9, r.points().get(0).trainRows(), "5% of 67/67/66 rounds to 3 per class");
  }

  @Test
  void realIsicPixelProbeBeatsChance() {
    ProbeData d = ProbeData.folder(spark, "isic", Path.of("../data/images/isic_9class/train_subset"));
    assertEquals(90, d.train().size(), "two thirds of the probe's half of the ISIC set (15 per class)");
    assertEquals(45, d.test().size());
    var model = RandomProjectionModel.factory(64, 16, 0);
    float[][] tr = Evaluator.embedImages(spark, model, d.train(), 32);
    float[][] te = Evaluator.embedImages(spark, model, d.test(), 32);
    var r = LinearProbe.run(spark, "isic", tr, d.train().labels(), te, d.test().labels(), 9, new double[] {1.0}, new long[] {0});
    // 9 balanced classes: chance is 1/9; grey 16x16 pixels still tell some lesions apart.
    assertTrue(r.points().get(0).mean() > 1.0 / 9, "accuracy " + r.points().get(0).mean());
  }
}
