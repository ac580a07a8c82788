package org.phenolip.eval.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Multi-label phenotype matching, the Face2Gene protocol: every image ranks all candidate
 * phenotypes.
 * <ul>
 *   <li>R@K = mean over images of the fraction of the image's phenotypes ranked below K, each
 *       phenotype ranked by the {@link BlockRanker} rule against every other candidate
 *       (the image's other phenotypes included: they do take top-K slots).</li>
 *   <li>Precision / recall / F1 of a predicted set, averaged over images (example-based):
 *       {@link Prediction#topK} predicts the K best phenotypes (ties by candidate order),
 *       {@link Prediction#threshold} every phenotype with cosine similarity at least t. An empty
 *       predicted set has precision 0.</li>
 * </ul>
 */
public final class Matching {
  private Matching() {}

  /** How the predicted set is formed: top-k (k > 0) or cosine threshold. */
  public record Prediction(int k, float threshold) {
    public static Prediction topK(int k) {
      if (k < 1) throw new IllegalArgumentException("top-k needs k >= 1");
      return new Prediction(k, Float.NaN);
    }

    public static Prediction threshold(float t) {
      return new Prediction(0, t);
    }

    /** Parses {@code top:5} or {@code threshold:0.3}. */
    public static Prediction parse(String spec) {
      String[] p = spec.split(":", 2);
      try {
        if (p.length == 2 && p[0].equals("top")) return topK(Integer.parseInt(p[1]));
        if (p.length == 2 && p[0].equals("threshold")) return threshold(Float.parseFloat(p[1]));
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
      throw new IllegalArgumentException("prediction must be top:K or threshold:T, got '" + spec + "'");
    }

    public String describe() {
      return k > 0 ? "top:" + k : String.format(Locale.ROOT, "threshold:%s", threshold);
    }
  }

  /** The scores in {@link Result#chance()} / {@link Result#ci()} order. */
  public static final List<String> SCORES = List.of("r5", "r10", "r50", "precision", "recall", "f1");

  /**
   * Scores with, per score (in {@link #SCORES} order), the exact chance level of a random
   * ranking (a phenotype's R@K chance is min(K, c)/c; precision/recall/F1 of a random top-k set
   * from {@link Chance#topKSet}; NaN for a threshold prediction, which has no fixed set size)
   * and a 95% bootstrap interval over images.
   */
  public record Result(int n, int candidates, double r5, double r10, double r50, double precision, double recall, double f1,
      String prediction, double[] chance, Interval[] ci) {
    public double value(String score) {
      return new double[] {r5, r10, r50, precision, recall, f1}[SCORES.indexOf(score)];
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", n);
      m.put("candidates", candidates);
      for (int i = 0; i < SCORES.size(); i++) {
        m.put(SCORES.get(i), value(SCORES.get(i)));
        m.put(SCORES.get(i) + "_ci95", ci[i].toJson());
        m.put(SCORES.get(i) + "_chance", chance[i]);
      }
      m.put("prediction", prediction);
      return m;
    }
  }

  /**
   * @param images unit image embeddings
   * @param labels per image, indices of its correct phenotypes (at least one)
   * @param phenotypes unit phenotype class embeddings
   */
  public static Result evaluate(float[][] images, int[][] labels, float[][] phenotypes, Prediction pred, int block) {
    int n = images.length;
    // One query per (image, phenotype) pair: the phenotype's own rank among all candidates.
    List<float[]> qs = new ArrayList<>();
    List<int[]> cs = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (labels[i].length == 0) throw new IllegalArgumentException("image " + i + " has no phenotype to match");
      for (int j : labels[i]) {
        qs.add(images[i]);
        cs.add(new int[] {j});
        owner.add(i);
      }
    }
    RankResult pr = new BlockRanker(1, block).rank(qs.toArray(new float[0][]), phenotypes, cs.toArray(new int[0][]));
    double[] f5 = new double[n], f10 = new double[n], f50 = new double[n];
    for (int p = 0; p < pr.size(); p++) {
      int i = owner.get(p), r = pr.ranks()[p];
      double w = 1.0 / labels[i].length;
      if (r < 5) f5[i] += w;
      if (r < 10) f10[i] += w;
      if (r < 50) f50[i] += w;
    }
    int[][] predicted = predict(images, phenotypes, pred, block);
    double sp = 0, sr = 0, sf = 0;
    double[] pp = new double[n], rr = new double[n], ff = new double[n];
    double[] chance = new double[SCORES.size()];
    int c = phenotypes.length;
    for (int i = 0; i < n; i++) {
      int[] truth = labels[i].clone();
      Arrays.sort(truth);
      int tp = 0;
      for (int j : predicted[i]) if (Arrays.binarySearch(truth, j) >= 0) tp++;
      double p = predicted[i].length == 0 ? 0 : (double) tp / predicted[i].length;
      double r = (double) tp / truth.length;
      sp += p;
      sr += r;
      sf += p + r == 0 ? 0 : 2 * p * r / (p + r);
      pp[i] = p;
      rr[i] = r;
      ff[i] = p + r == 0 ? 0 : 2 * p * r / (p + r);
      int m = truth.length;
      double[] set = pred.k() > 0 ? Chance.topKSet(c, m, pred.k()) : new double[] {Double.NaN, Double.NaN, Double.NaN};
      chance[3] += set[0] / n;
      chance[4] += set[1] / n;
      chance[5] += set[2] / n;
    }
    // Each (image, phenotype) query has one correct candidate among c: P(rank < K) = min(K, c) / c.
    chance[0] = Math.min(5, c) / (double) c;
    chance[1] = Math.min(10, c) / (double) c;
    chance[2] = Math.min(50, c) / (double) c;
    Interval[] ci = {Interval.bootstrapMean(f5), Interval.bootstrapMean(f10), Interval.bootstrapMean(f50),
        Interval.bootstrapMean(pp), Interval.bootstrapMean(rr), Interval.bootstrapMean(ff)};
    return new Result(n, c, mean(f5), mean(f10), mean(f50), sp / n, sr / n, sf / n, pred.describe(), chance, ci);
  }

  static int[][] predict(float[][] images, float[][] phenotypes, Prediction pred, int block) {
    if (pred.k() > 0) {
      int[][] none = new int[images.length][0];
      return new BlockRanker(pred.k(), block).rank(images, phenotypes, none).topK();
    }
    int[][] out = new int[images.length][];
    for (int i = 0; i < images.length; i++) {
      List<Integer> hits = new ArrayList<>();
      for (int j = 0; j < phenotypes.length; j++) {
        if (Vectors.dot(images[i], phenotypes[j]) >= pred.threshold()) hits.add(j);
      }
      out[i] = hits.stream().mapToInt(Integer::intValue).toArray();
    }
    return out;
  }

  private static double mean(double[] v) {
    return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
  }
}
