package org.phenolip.eval.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Zero-shot classification: each image is scored against phenotype class embeddings; a top-1
 * (top-5) hit when one of the image's phenotypes has rank below 1 (5) under the
 * {@link BlockRanker} rule. Candidates are the benchmark's phenotypes of the image's system
 * ({@link Candidates#SYSTEM}: every phenotype that some image of that system carries) or all.
 * Reported per system, as the macro average over systems and over all images (micro).
 */
public final class ZeroShot {
  public enum Candidates { SYSTEM, ALL }

  private ZeroShot() {}

  /** Strata with fewer candidates or rows are shown, marked, and left out of the macro average. */
  public static final int MIN_CANDIDATES = 2;
  public static final int MIN_ROWS = 10;

  /**
   * Accuracy of a stratum (or the micro / macro average): n scored rows, the number of
   * candidates (per stratum; for the micro average the distinct candidates over all strata; for
   * the macro average the strata averaged), the exact chance levels ({@link Chance}, per row,
   * multi-label rows included), 95% intervals (Wilson for a stratum and the micro average;
   * stratified bootstrap over rows for the macro average) and why a stratum is left out of the
   * macro average (null when it is not).
   */
  public record Accuracy(int n, int unscorable, int candidates, double top1, double top5, double chance1, double chance5,
      Interval ci1, Interval ci5, String excluded) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", n);
      m.put("unscorable", unscorable);
      m.put("candidates", candidates);
      m.put("top1", top1);
      m.put("top1_ci95", ci1.toJson());
      m.put("top1_chance", chance1);
      m.put("top5", top5);
      m.put("top5_ci95", ci5.toJson());
      m.put("top5_chance", chance5);
      if (excluded != null) m.put("excluded_from_macro", excluded);
      return m;
    }
  }

  /**
   * perSystem sorted by system name; average = macro (unweighted mean over the strata with at
   * least {@value #MIN_CANDIDATES} candidates and {@value #MIN_ROWS} rows); overall = micro (all images).
   */
  public record Result(Candidates candidates, Map<String, Accuracy> perSystem, Accuracy average, Accuracy overall,
      Map<String, Accuracy> splits) {
    public Result(Candidates candidates, Map<String, Accuracy> perSystem, Accuracy average, Accuracy overall) {
      this(candidates, perSystem, average, overall, Map.of());
    }

    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("candidates", candidates.name().toLowerCase(java.util.Locale.ROOT));
      Map<String, Object> ps = new LinkedHashMap<>();
      perSystem.forEach((k, v) -> ps.put(k, v.toJson()));
      m.put("per_system", ps);
      m.put("average", average.toJson());
      m.put("overall", overall.toJson());
      if (!splits.isEmpty()) {
        Map<String, Object> sp = new LinkedHashMap<>();
        splits.forEach((k, v) -> sp.put(k, v.toJson()));
        m.put("splits", sp);
      }
      return m;
    }
  }

  /**
   * @param images unit image embeddings
   * @param systems each image's system
   * @param labels each image's phenotype ids
   * @param classIds phenotype ids, one per row of {@code classEmbeddings}
   * @param classEmbeddings unit class embeddings
   */
  public static Result evaluate(float[][] images, List<String> systems, List<Set<String>> labels,
      List<String> classIds, float[][] classEmbeddings, Candidates mode, int block) {
    return evaluate(images, systems, labels, classIds, classEmbeddings, mode, block, Set.of());
  }

  /**
   * As above; with held-out phenotypes the result also has the splits {@code seen} (rows with
   * none of them) and {@code unseen} (rows with one), scored against the same candidates.
   */
  public static Result evaluate(float[][] images, List<String> systems, List<Set<String>> labels,
      List<String> classIds, float[][] classEmbeddings, Candidates mode, int block, Set<String> heldOut) {
    int n = images.length;
    if (systems.size() != n || labels.size() != n) throw new IllegalArgumentException("images, systems and labels differ in length");
    Map<String, Integer> classIndex = new HashMap<>();
    for (int i = 0; i < classIds.size(); i++) classIndex.put(classIds.get(i), i);
    Map<String, boolean[]> allowedBySystem = new HashMap<>();
    int[][] correct = new int[n][];
    for (int q = 0; q < n; q++) {
      List<Integer> c = new ArrayList<>();
      for (String id : labels.get(q)) {
        Integer j = classIndex.get(id);
        if (j == null) throw new IllegalArgumentException("image " + q + ": phenotype " + id + " has no class embedding");
        c.add(j);
        allowedBySystem.computeIfAbsent(systems.get(q), s -> new boolean[classIds.size()])[j] = true;
      }
      correct[q] = c.stream().mapToInt(Integer::intValue).toArray();
    }
    boolean[][] allowed = null;
    if (mode == Candidates.SYSTEM) {
      allowed = new boolean[n][];
      for (int q = 0; q < n; q++) allowed[q] = allowedBySystem.get(systems.get(q));
    }
    RankResult r = new BlockRanker(5, block).rank(images, classEmbeddings, correct, allowed);
    int[] candCount = new int[n], corrCount = new int[n];
    for (int q = 0; q < n; q++) {
      candCount[q] = mode == Candidates.SYSTEM ? count(allowedBySystem.get(systems.get(q))) : classIds.size();
      corrCount[q] = correct[q].length;
    }
    Map<String, List<Integer>> bySystem = new TreeMap<>();
    for (int q = 0; q < n; q++) bySystem.computeIfAbsent(systems.get(q), s -> new ArrayList<>()).add(q);
    Map<String, Accuracy> per = new LinkedHashMap<>();
    List<Accuracy> macro = new ArrayList<>();
    List<double[]> hits1 = new ArrayList<>(), hits5 = new ArrayList<>();
    for (var e : bySystem.entrySet()) {
      int c = candCount[e.getValue().get(0)];
      Accuracy a = accuracy(r.ranks(), e.getValue(), candCount, corrCount, c);
      String why = c < MIN_CANDIDATES ? c + " candidate" + (c == 1 ? "" : "s")
          : a.n() < MIN_ROWS ? a.n() + " rows" : null;
      if (why != null) {
        a = new Accuracy(a.n(), a.unscorable(), a.candidates(), a.top1(), a.top5(), a.chance1(), a.chance5(), a.ci1(), a.ci5(), why);
      } else {
        macro.add(a);
        hits1.add(hits(r.ranks(), e.getValue(), 1));
        hits5.add(hits(r.ranks(), e.getValue(), 5));
      }
      per.put(e.getKey(), a);
    }
    List<Integer> all = new ArrayList<>();
    for (int q = 0; q < n; q++) all.add(q);
    Set<String> distinct = new java.util.HashSet<>();
    for (Set<String> l : labels) distinct.addAll(l);
    Accuracy overall = accuracy(r.ranks(), all, candCount, corrCount, mode == Candidates.SYSTEM ? distinct.size() : classIds.size());
    int nm = macro.size();
    Accuracy avg = new Accuracy(macro.stream().mapToInt(Accuracy::n).sum(), macro.stream().mapToInt(Accuracy::unscorable).sum(), nm,
        mean(macro, Accuracy::top1), mean(macro, Accuracy::top5), mean(macro, Accuracy::chance1), mean(macro, Accuracy::chance5),
        Interval.bootstrapMacro(hits1), Interval.bootstrapMacro(hits5), nm == 0 ? "no stratum qualifies" : null);
    Map<String, Accuracy> splits = new LinkedHashMap<>();
    if (!heldOut.isEmpty()) {
      List<Integer> seen = new ArrayList<>(), unseen = new ArrayList<>();
      for (int q = 0; q < n; q++) (labels.get(q).stream().anyMatch(heldOut::contains) ? unseen : seen).add(q);
      splits.put("seen", accuracy(r.ranks(), seen, candCount, corrCount, mode == Candidates.SYSTEM ? distinct.size() : classIds.size()));
      splits.put("unseen", accuracy(r.ranks(), unseen, candCount, corrCount, mode == Candidates.SYSTEM ? distinct.size() : classIds.size()));
    }
    return new Result(mode, per, avg, overall, splits);
  }

  private static int count(boolean[] b) {
    int c = 0;
    for (boolean x : b) if (x) c++;
    return c;
  }

  private static double mean(List<Accuracy> l, java.util.function.ToDoubleFunction<Accuracy> f) {
    return l.isEmpty() ? Double.NaN : l.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static double[] hits(int[] ranks, List<Integer> queries, int k) {
    return queries.stream().filter(q -> ranks[q] >= 0).mapToDouble(q -> ranks[q] < k ? 1 : 0).toArray();
  }

  static Accuracy accuracy(int[] ranks, List<Integer> queries, int[] candCount, int[] corrCount, int candidates) {
    int n = 0, u = 0, h1 = 0, h5 = 0;
    double c1 = 0, c5 = 0;
    for (int q : queries) {
      int r = ranks[q];
      if (r < 0) {
        u++;
        continue;
      }
      n++;
      if (r < 1) h1++;
      if (r < 5) h5++;
      c1 += Chance.hitAtK(candCount[q], corrCount[q], 1);
      c5 += Chance.hitAtK(candCount[q], corrCount[q], 5);
    }
    return new Accuracy(n, u, candidates, n == 0 ? Double.NaN : (double) h1 / n, n == 0 ? Double.NaN : (double) h5 / n,
        n == 0 ? Double.NaN : c1 / n, n == 0 ? Double.NaN : c5 / n, Interval.wilson(h1, n), Interval.wilson(h5, n), null);
  }
}
