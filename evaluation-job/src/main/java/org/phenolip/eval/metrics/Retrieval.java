package org.phenolip.eval.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The four retrieval tasks of PhenoBench:
 * <ul>
 *   <li>I2T: image → captions; correct = the captions with the image's caption text
 *       (identical captions are one and the same answer).</li>
 *   <li>T2I: each distinct caption → images; correct = the images with that caption.</li>
 *   <li>I2P: image → phenotype class embeddings; correct = the image's phenotypes (hit if any).</li>
 *   <li>P2I: each phenotype → images; correct = the images that carry it.</li>
 * </ul>
 */
public final class Retrieval {
  private Retrieval() {}

  public static final List<String> TASKS = List.of("i2t", "t2i", "i2p", "p2i");

  /**
   * @param images unit image embeddings, row i = bench row i
   * @param captionEmbeddings unit caption embeddings, row i = caption of bench row i
   * @param captions the caption texts (to group identical ones)
   * @param labels bench row i's phenotype ids
   * @param classIds phenotype ids of the rows of {@code classEmbeddings}
   */
  public static Map<String, Recall> evaluate(Ranker ranker, float[][] images, float[][] captionEmbeddings,
      List<String> captions, List<Set<String>> labels, List<String> classIds, float[][] classEmbeddings) {
    int n = images.length;
    if (captionEmbeddings.length != n || captions.size() != n || labels.size() != n) {
      throw new IllegalArgumentException("images, captions and labels differ in length");
    }
    // Distinct captions: the candidates of I2T and the queries of T2I.
    Map<String, Integer> captionIndex = new LinkedHashMap<>();
    List<float[]> distinct = new ArrayList<>();
    int[] captionOf = new int[n];
    for (int i = 0; i < n; i++) {
      final int row = i;
      captionOf[i] = captionIndex.computeIfAbsent(captions.get(i), c -> {
        distinct.add(captionEmbeddings[row]);
        return distinct.size() - 1;
      });
    }
    float[][] texts = distinct.toArray(new float[0][]);
    int[][] i2tCorrect = new int[n][];
    List<List<Integer>> imagesOfCaption = groups(texts.length);
    for (int i = 0; i < n; i++) {
      i2tCorrect[i] = new int[] {captionOf[i]};
      imagesOfCaption.get(captionOf[i]).add(i);
    }
    Map<String, Integer> classIndex = new HashMap<>();
    for (int j = 0; j < classIds.size(); j++) classIndex.put(classIds.get(j), j);
    int[][] i2pCorrect = new int[n][];
    List<List<Integer>> imagesOfClass = groups(classIds.size());
    for (int i = 0; i < n; i++) {
      List<Integer> c = new ArrayList<>();
      for (String id : labels.get(i)) {
        Integer j = classIndex.get(id);
        if (j == null) throw new IllegalArgumentException("bench row " + i + ": phenotype " + id + " has no class embedding");
        c.add(j);
        imagesOfClass.get(j).add(i);
      }
      i2pCorrect[i] = toArray(c);
    }
    int[][] t2iCorrect = toArrays(imagesOfCaption), p2iCorrect = toArrays(imagesOfClass);
    Map<String, Recall> out = new LinkedHashMap<>();
    out.put("i2t", recall(ranker.rank(images, texts, i2tCorrect), texts.length, i2tCorrect));
    out.put("t2i", recall(ranker.rank(texts, images, t2iCorrect), n, t2iCorrect));
    out.put("i2p", recall(ranker.rank(images, classEmbeddings, i2pCorrect), classEmbeddings.length, i2pCorrect));
    out.put("p2i", recall(ranker.rank(classEmbeddings, images, p2iCorrect), n, p2iCorrect));
    return out;
  }

  /** Every query is ranked among all candidates, so chance depends only on how many are correct. */
  private static Recall recall(RankResult r, int candidates, int[][] correct) {
    int[] c = new int[correct.length], m = new int[correct.length];
    for (int q = 0; q < correct.length; q++) {
      c[q] = candidates;
      m[q] = (int) java.util.Arrays.stream(correct[q]).distinct().count();
    }
    return Recall.of(r.ranks(), c, m);
  }

  private static List<List<Integer>> groups(int n) {
    List<List<Integer>> g = new ArrayList<>(n);
    for (int i = 0; i < n; i++) g.add(new ArrayList<>());
    return g;
  }

  private static int[] toArray(List<Integer> l) {
    return l.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int[][] toArrays(List<List<Integer>> g) {
    int[][] out = new int[g.size()][];
    for (int i = 0; i < g.size(); i++) out[i] = toArray(g.get(i));
    return out;
  }
}
