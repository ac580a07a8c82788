package org.phenolip.eval.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded stratified sampling and splits: each class keeps its share, and at least one row. */
public final class Stratified {
  private Stratified() {}

  /** Rows of a {@code fraction} sample, per class {@code max(1, round(fraction * count))}; sorted. */
  public static int[] sample(int[] labels, double fraction, long seed) {
    if (fraction <= 0 || fraction > 1) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
    List<Integer> out = new ArrayList<>();
    for (List<Integer> rows : byClass(labels)) {
      if (rows.isEmpty()) continue;
      Collections.shuffle(rows, new Random(seed * 1_000_003L + rows.size()));
      int take = (int) Math.max(1, Math.min(rows.size(), Math.round(fraction * rows.size())));
      out.addAll(rows.subList(0, take));
    }
    Collections.sort(out);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A train/test split: {@code testFraction} of each class (at least one) to test. */
  public static int[][] split(int[] labels, double testFraction, long seed) {
    int[] test = sample(labels, testFraction, seed);
    boolean[] isTest = new boolean[labels.length];
    for (int t : test) isTest[t] = true;
    List<Integer> train = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) if (!isTest[i]) train.add(i);
    return new int[][] {train.stream().mapToInt(Integer::intValue).toArray(), test};
  }

  private static List<List<Integer>> byClass(int[] labels) {
    int max = -1;
    for (int l : labels) max = Math.max(max, l);
    List<List<Integer>> g = new ArrayList<>();
    for (int c = 0; c <= max; c++) g.add(new ArrayList<>());
    for (int i = 0; i < labels.length; i++) g.get(labels[i]).add(i);
    return g;
  }
}
