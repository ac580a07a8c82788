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

  public record Accuracy(int n, int unscorable, double top1, double top5) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", n);
      m.put("unscorable", unscorable);
      m.put("top1", top1);
      m.put("top5", top5);
      return m;
    }
  }

  /** perSystem sorted by system name; average = unweighted mean of the systems'; overall = all images. */
  public record Result(Candidates candidates, Map<String, Accuracy> perSystem, Accuracy average, Accuracy overall) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("candidates", candidates.name().toLowerCase(java.util.Locale.ROOT));
      Map<String, Object> ps = new LinkedHashMap<>();
      perSystem.forEach((k, v) -> ps.put(k, v.toJson()));
      m.put("per_system", ps);
      m.put("average", average.toJson());
      m.put("overall", overall.toJson());
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
    Map<String, List<Integer>> bySystem = new TreeMap<>();
    for (int q = 0; q < n; q++) bySystem.computeIfAbsent(systems.get(q), s -> new ArrayList<>()).add(q);
    Map<String, Accuracy> per = new LinkedHashMap<>();
    double s1 = 0, s5 = 0;
    for (var e : bySystem.entrySet()) {
      Accuracy a = accuracy(r.ranks(), e.getValue());
      per.put(e.getKey(), a);
      s1 += a.top1();
      s5 += a.top5();
    }
    List<Integer> all = new ArrayList<>();
    for (int q = 0; q < n; q++) all.add(q);
    int ns = per.size();
    Accuracy overall = accuracy(r.ranks(), all);
    Accuracy avg = new Accuracy(overall.n(), overall.unscorable(), ns == 0 ? Double.NaN : s1 / ns, ns == 0 ? Double.NaN : s5 / ns);
    return new Result(mode, per, avg, overall);
  }

  static Accuracy accuracy(int[] ranks, List<Integer> queries) {
    int n = 0, u = 0, h1 = 0, h5 = 0;
    for (int q : queries) {
      int r = ranks[q];
      if (r < 0) {
        u++;
        continue;
      }
      n++;
      if (r < 1) h1++;
      if (r < 5) h5++;
    }
    return new Accuracy(n, u, n == 0 ? Double.NaN : (double) h1 / n, n == 0 ? Double.NaN : (double) h5 / n);
  }
}
