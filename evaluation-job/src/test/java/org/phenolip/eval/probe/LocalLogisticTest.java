package org.phenolip.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Random;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.embed.RandomProjectionModel;
import org.phenolip.eval.run.Evaluator;
import org.phenolip.eval.run.ProbeData;

/** The local optimiser minimises MLlib's objective: same coefficients, same probe accuracies. */
class LocalLogisticTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("LocalLogisticTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Overlapping Gaussian classes (a unique, well-conditioned optimum), features on different scales. */
  static float[][] blobs(Random rnd, int n, int d, int k, int[] y) {
    float[][] x = new float[n][d];
    for (int i = 0; i < n; i++) {
      y[i] = i % k;
      for (int j = 0; j < d; j++) x[i][j] = (float) ((j == y[i] ? 1.0 : 0) + rnd.nextGaussian()) * (j + 1);
    }
    return x;
  }

  @Test
  void sameCoefficientsAsMllibMultinomialAndBinomial() {
    for (int k : new int[] {3, 2}) {
      int n = 300, d = 5;
      int[] y = new int[n];
      float[][] x = blobs(new Random(k), n, d, k, y);
      LogisticRegressionModel m = LinearProbe.mllib(k).setTol(1e-12).setMaxIter(1000).fit(LinearProbe.frame(spark, x, y, null));
      LocalLogistic local = LocalLogistic.fit(x, y, null, LinearProbe.REG_PARAM, LinearProbe.LOCAL_MAX_ITER, LinearProbe.LOCAL_TOL);
      double[][] c = local.coefficients();
      if (k > 2) {
        Matrix cm = m.coefficientMatrix();
        for (int a = 0; a < k; a++) for (int j = 0; j < d; j++) assertEquals(cm.apply(a, j), c[a][j], 1e-4, "k=" + k + " coef " + a + "," + j);
      } else {
        double[] beta = m.coefficients().toArray(); // binomial: one vector, the margin of class 1 over class 0
        for (int j = 0; j < d; j++) assertEquals(beta[j], c[1][j] - c[0][j], 1e-4, "binomial coef " + j);
      }
      long agree = 0;
      var pred = m.transform(LinearProbe.frame(spark, x, y, null)).select("prediction").collectAsList();
      for (int i = 0; i < n; i++) if ((int) pred.get(i).getDouble(0) == local.predict(x[i])) agree++;
      assertEquals(n, agree, "k=" + k + ": same predictions on every training row");
    }
  }

  @Test
  void sameAccuracyAsMllibOnASeparableSet() {
    Random rnd = new Random(2);
    int n = 200, d = 8;
    float[][] x = new float[n][d], tx = new float[60][d];
    int[] y = new int[n], ty = new int[60];
    for (int i = 0; i < n + 60; i++) {
      int cls = i % 3;
      float[] v = new float[d];
      v[cls] = 2;
      for (int j = 0; j < d; j++) v[j] += (float) (rnd.nextGaussian() * 0.6);
      if (i < n) {
        x[i] = v;
        y[i] = cls;
      } else {
        tx[i - n] = v;
        ty[i - n] = cls;
      }
    }
    double[] fr = {0.05, 1.0};
    long[] seeds = {0, 1};
    var ml = LinearProbe.run(spark, "s", x, y, tx, ty, 3, fr, seeds, LinearProbe.Engine.MLLIB);
    var lo = LinearProbe.run(spark, "s", x, y, tx, ty, 3, fr, seeds, LinearProbe.Engine.LOCAL);
    for (int p = 0; p < fr.length; p++) {
      assertEquals(ml.points().get(p).trainRows(), lo.points().get(p).trainRows());
      assertEquals(ml.points().get(p).mean(), lo.points().get(p).mean(), 0.01, "fraction " + fr[p]);
    }
    assertEquals(1.0, lo.points().get(1).mean(), 0.02, "near-separable at 100%");
  }

  @Test
  void sameAccuracyAsMllibOnTheIsicSample() {
    ProbeData d = ProbeData.folder(spark, "isic", Path.of("../data/images/isic_9class/train_subset"));
    var model = RandomProjectionModel.factory(64, 16, 0);
    float[][] tr = Evaluator.embedImages(spark, model, d.train(), 32), te = Evaluator.embedImages(spark, model, d.test(), 32);
    var ml = LinearProbe.run(spark, "isic", tr, d.train().labels(), te, d.test().labels(), 9, LinearProbe.FRACTIONS, LinearProbe.SEEDS, LinearProbe.Engine.MLLIB);
    var lo = LinearProbe.run(spark, "isic", tr, d.train().labels(), te, d.test().labels(), 9, LinearProbe.FRACTIONS, LinearProbe.SEEDS, LinearProbe.Engine.LOCAL);
    for (int p = 0; p < LinearProbe.FRACTIONS.length; p++) {
      assertEquals(ml.points().get(p).mean(), lo.points().get(p).mean(), 0.01, "fraction " + LinearProbe.FRACTIONS[p]
          + ": MLlib " + java.util.Arrays.toString(ml.points().get(p).runs()) + " local " + java.util.Arrays.toString(lo.points().get(p).runs()));
    }
  }

  @Test
  void badInputIsRefusedWithAReason() {
    float[][] x = {{1, 2}, {3}};
    var ragged = assertThrows(IllegalArgumentException.class, () -> LocalLogistic.fit(x, new int[] {0, 1}, null, 1e-3, 10, 1e-6));
    assertTrue(ragged.getMessage().contains("row 1 has 1 features"), ragged.getMessage());
    var noReg = assertThrows(IllegalArgumentException.class, () -> LocalLogistic.fit(new float[][] {{1}}, new int[] {0}, null, 0, 10, 1e-6));
    assertTrue(noReg.getMessage().contains("regParam must be > 0"), noReg.getMessage());
  }
}
