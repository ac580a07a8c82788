package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrievalTest {
  @Test
  void handComputedWithADuplicateCaption() {
    float[][] img = {{1, 0}, {0, 1}, {0.6f, 0.8f}};
    // images 0 and 2 share caption "a"; caption embeddings per row (rows 0 and 2 identical text).
    float[][] cap = {{0, 1}, {1, 0}, {0, 1}};
    List<String> texts = List.of("a", "b", "a");
    List<Set<String>> lab = List.of(Set.of("P"), Set.of("Q"), Set.of("P", "Q"));
    float[][] cls = {{1, 0}, {0, 1}};
    Map<String, Recall> r = Retrieval.evaluate(Ranker.local(1, 2), img, cap, texts, lab, List.of("P", "Q"), cls);
    // I2T: candidates a=(0,1), b=(1,0). img0 prefers b (wrong) -> rank 1; img1 -> a (wrong) rank 1; img2 -> a rank 0.
    assertEquals(1.0 / 3, r.get("i2t").at(1), 1e-12);
    // T2I: a -> images {0,2}: scores 0, 1, .8 -> best correct .8, img1 above -> rank 1; b -> {1}: scores 1,0,.6 -> rank 2.
    assertEquals(0.0, r.get("t2i").at(1), 1e-12);
    assertEquals(2, r.get("t2i").n());
    // I2P: img0 P first (hit), img1 Q (hit), img2 any of P,Q (hit).
    assertEquals(1.0, r.get("i2p").at(1), 1e-12);
    // P2I: P -> {0,2}: img0 scores 1 -> rank 0; Q -> {1,2}: img1 scores 1 -> rank 0.
    assertEquals(1.0, r.get("p2i").at(1), 1e-12);
  }

  @Test
  void pairedRetrievalEqualsBruteForceOnRandomEmbeddings() {
    Random rnd = new Random(21);
    int n = 50, d = 8;
    float[][] img = RandomVectors.unit(rnd, n, d);
    float[][] cap = RandomVectors.unit(rnd, n, d);
    List<String> texts = new ArrayList<>();
    List<Set<String>> lab = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add("caption " + i);
      lab.add(Set.of("P"));
    }
    Map<String, Recall> r = Retrieval.evaluate(Ranker.local(1, 16), img, cap, texts, lab, List.of("P"), new float[][] {img[0]});
    for (int k : Recall.KS) {
      int hitsI2t = 0, hitsT2i = 0;
      for (int i = 0; i < n; i++) {
        Integer[] o = RandomVectors.order(RandomVectors.scores(img[i], cap));
        for (int t = 0; t < Math.min(k, n); t++) if (o[t] == i) hitsI2t++;
        Integer[] o2 = RandomVectors.order(RandomVectors.scores(cap[i], img));
        for (int t = 0; t < Math.min(k, n); t++) if (o2[t] == i) hitsT2i++;
      }
      assertEquals((double) hitsI2t / n, r.get("i2t").at(k), 1e-12, "I2T R@" + k);
      assertEquals((double) hitsT2i / n, r.get("t2i").at(k), 1e-12, "T2I R@" + k);
    }
  }
}
