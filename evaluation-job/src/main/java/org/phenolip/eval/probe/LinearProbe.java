package org.phenolip.eval.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Linear probing on frozen image embeddings: logistic regression as Spark MLlib's
 * {@link LogisticRegression} defines it (L2, {@code regParam} 1e-3, standardised features; MLlib
 * runs up to 200 L-BFGS iterations), fitted by {@link LocalLogistic} in the driver when the
 * features fit ({@link #LOCAL_MAX_VALUES}), else by MLlib on the cluster; trained on a
 * stratified {@code fraction} of the training split (see {@link Stratified#sample}) for each
 * seed, scored by accuracy on the whole test split. Reported as the mean and sample standard
 * deviation over seeds (at 100% every seed sees the same rows: std 0).
 */
public final class LinearProbe {
  public static final double[] FRACTIONS = {0.01, 0.10, 1.0};
  public static final long[] SEEDS = {0, 1, 2};
  public static final double REG_PARAM = 1e-3;
  public static final int MAX_ITER = 200;

  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", new VectorUDT(), false);

  public record Point(double fraction, int trainRows, double mean, double std, double[] runs) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fraction", fraction);
      m.put("train_rows", trainRows);
      m.put("accuracy_mean", mean);
      m.put("accuracy_std", std);
      m.put("runs", runs);
      return m;
    }
  }

  /** One dataset's probe curve; {@code points} in the order of the fractions. */
  public record Result(String dataset, int classes, int train, int test, List<Point> points) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("classes", classes);
      m.put("train", train);
      m.put("test", test);
      Map<String, Object> p = new LinkedHashMap<>();
      for (Point x : points) p.put(percent(x.fraction()), x.toJson());
      m.put("fractions", p);
      return m;
    }
  }

  /** "1%", "10%", "100%". */
  public static String percent(double f) {
    double p = f * 100;
    return (p == Math.rint(p) ? String.format(Locale.ROOT, "%d", (long) p) : String.format(Locale.ROOT, "%s", p)) + "%";
  }

  private LinearProbe() {}

  /** Which optimiser fits the probes: {@link #AUTO} runs locally whenever the features fit {@link #LOCAL_MAX_VALUES}. */
  public enum Engine { AUTO, MLLIB, LOCAL }

  /**
   * Largest training matrix (rows x dim) fitted in the driver JVM by {@link LocalLogistic}: 200k
   * rows of 512 floats, ~0.8 GB as doubles. The features are already on the driver; above this,
   * MLlib spreads the fit over the cluster.
   */
  public static final long LOCAL_MAX_VALUES = 200_000L * 512;
  /** The local optimiser runs to a tighter tolerance than MLlib's default 1e-6: a fit costs milliseconds. */
  static final int LOCAL_MAX_ITER = 1000;
  static final double LOCAL_TOL = 1e-9;

  public static Result run(SparkSession spark, String dataset, float[][] trainX, int[] trainY, float[][] testX, int[] testY,
      int classes, double[] fractions, long[] seeds) {
    return run(spark, dataset, trainX, trainY, testX, testY, classes, fractions, seeds, Engine.AUTO);
  }

  public static Result run(SparkSession spark, String dataset, float[][] trainX, int[] trainY, float[][] testX, int[] testY,
      int classes, double[] fractions, long[] seeds, Engine engine) {
    if (trainX.length != trainY.length || testX.length != testY.length) throw new IllegalArgumentException(dataset + ": embeddings and labels differ in length");
    long values = (long) trainX.length * (trainX.length == 0 ? 0 : trainX[0].length);
    boolean local = engine == Engine.LOCAL || (engine == Engine.AUTO && values <= LOCAL_MAX_VALUES);
    return local ? runLocal(dataset, trainX, trainY, testX, testY, classes, fractions, seeds)
        : runMllib(spark, dataset, trainX, trainY, testX, testY, classes, fractions, seeds);
  }

  /** Every fraction x seed fit on the driver, in parallel over the JVM's cores, no Spark job. */
  static Result runLocal(String dataset, float[][] trainX, int[] trainY, float[][] testX, int[] testY,
      int classes, double[] fractions, long[] seeds) {
    int[][][] picks = new int[fractions.length][seeds.length][];
    for (int f = 0; f < fractions.length; f++) for (int s = 0; s < seeds.length; s++) picks[f][s] = Stratified.sample(trainY, fractions[f], seeds[s]);
    // Identical picks (every seed at 100%) are one fit: the optimum is unique.
    Map<List<Integer>, Double> byPick = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Arrays.stream(picks).flatMap(java.util.Arrays::stream).map(LinearProbe::key).distinct().toList().parallelStream()
        .forEach(k -> byPick.put(k, LocalLogistic.fit(trainX, trainY, k.stream().mapToInt(Integer::intValue).toArray(),
            REG_PARAM, LOCAL_MAX_ITER, LOCAL_TOL).accuracy(testX, testY)));
    double[] acc = new double[fractions.length * seeds.length];
    for (int q = 0; q < acc.length; q++) acc[q] = byPick.get(key(picks[q / seeds.length][q % seeds.length]));
    List<Point> points = new ArrayList<>();
    for (int f = 0; f < fractions.length; f++) {
      double[] a = java.util.Arrays.copyOfRange(acc, f * seeds.length, (f + 1) * seeds.length);
      points.add(new Point(fractions[f], seeds.length == 0 ? 0 : picks[f][seeds.length - 1].length, mean(a), std(a), a));
    }
    return new Result(dataset, classes, trainX.length, testX.length, points);
  }

  private static List<Integer> key(int[] pick) {
    return java.util.Arrays.stream(pick).boxed().toList();
  }

  static Result runMllib(SparkSession spark, String dataset, float[][] trainX, int[] trainY, float[][] testX, int[] testY,
      int classes, double[] fractions, long[] seeds) {
    Dataset<Row> test = frame(spark, testX, testY, null).cache();
    List<Point> points = new ArrayList<>();
    try {
      for (double f : fractions) {
        double[] acc = new double[seeds.length];
        int rows = 0;
        for (int s = 0; s < seeds.length; s++) {
          int[] pick = Stratified.sample(trainY, f, seeds[s]);
          rows = pick.length;
          acc[s] = accuracy(mllib(classes).fit(frame(spark, trainX, trainY, pick)), test);
        }
        points.add(new Point(f, rows, mean(acc), std(acc), acc));
      }
    } finally {
      test.unpersist();
    }
    return new Result(dataset, classes, trainX.length, testX.length, points);
  }

  /** The MLlib estimator of the probe (the local path minimises the same objective). */
  static LogisticRegression mllib(int classes) {
    return new LogisticRegression()
        .setRegParam(REG_PARAM).setElasticNetParam(0).setMaxIter(MAX_ITER).setStandardization(true)
        .setFamily(classes > 2 ? "multinomial" : "auto");
  }

  static double accuracy(LogisticRegressionModel m, Dataset<Row> test) {
    List<Row> p = m.transform(test).select("label", "prediction").collectAsList();
    long hit = p.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
    return (double) hit / p.size();
  }

  static Dataset<Row> frame(SparkSession spark, float[][] x, int[] y, int[] rows) {
    List<Row> r = new ArrayList<>();
    int n = rows == null ? x.length : rows.length;
    for (int k = 0; k < n; k++) {
      int i = rows == null ? k : rows[k];
      double[] d = new double[x[i].length];
      for (int j = 0; j < d.length; j++) d[j] = x[i][j];
      r.add(RowFactory.create((double) y[i], Vectors.dense(d)));
    }
    return spark.createDataFrame(r, SCHEMA);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  /** Sample standard deviation (n - 1); 0 for a single run. */
  static double std(double[] v) {
    if (v.length < 2) return 0;
    double m = mean(v), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / (v.length - 1));
  }
}
