package org.phenolip.eval.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ZeroShotTest {
  @Test
  void handComputedPerSystemAndAverage() {
    // Classes A=(1,0) [sys x], B=(0,1) [sys x], C=(0.8,0.6) [sys y, only on image 2].
    List<String> ids = List.of("A", "B", "C");
    float[][] cls = {{1, 0}, {0, 1}, {0.8f, 0.6f}};
    float[][] img = {{1, 0}, {0.6f, 0.8f}, {1, 0}, {0, 1}};
    List<String> sys = List.of("x", "x", "y", "x");
    List<Set<String>> lab = List.of(Set.of("A"), Set.of("A"), Set.of("C"), Set.of("B"));
    var res = ZeroShot.evaluate(img, sys, lab, ids, cls, ZeroShot.Candidates.SYSTEM, 2);
    // x (candidates A, B): image0 -> A first (hit); image1 scores A .6, B .8 -> A rank 1
    // (top-1 miss, top-5 hit); image3 -> B first (hit).
    assertEquals(2.0 / 3, res.perSystem().get("x").top1(), 1e-12);
    assertEquals(1.0, res.perSystem().get("x").top5(), 1e-12);
    // y: only C is a candidate -> hit.
    assertEquals(1.0, res.perSystem().get("y").top1(), 1e-12);
    // Both strata are below 10 rows (y also has one candidate): shown, marked, out of the macro average.
    assertEquals("3 rows", res.perSystem().get("x").excluded());
    assertEquals("1 candidate", res.perSystem().get("y").excluded());
    assertTrue(Double.isNaN(res.average().top1()));
    assertEquals(0.75, res.overall().top1(), 1e-12);
    // With all candidates image2 (1,0) prefers A over C.
    var all = ZeroShot.evaluate(img, sys, lab, ids, cls, ZeroShot.Candidates.ALL, 2);
    assertEquals(0.0, all.perSystem().get("y").top1(), 1e-12);
  }

  @Test
  void equalsBruteForceOnRandomEmbeddings() {
    Random rnd = new Random(5);
    int n = 60, p = 25, d = 12;
    float[][] img = RandomVectors.unit(rnd, n, d);
    float[][] cls = RandomVectors.unit(rnd, p, d);
    List<String> ids = new ArrayList<>();
    for (int j = 0; j < p; j++) ids.add("HP:" + j);
    List<String> sys = new ArrayList<>();
    List<Set<String>> lab = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sys.add("s" + (i % 3));
      Set<String> s = new TreeSet<>();
      for (int m = 0; m < 1 + rnd.nextInt(2); m++) s.add(ids.get(rnd.nextInt(p)));
      lab.add(s);
    }
    for (var mode : ZeroShot.Candidates.values()) {
      var res = ZeroShot.evaluate(img, sys, lab, ids, cls, mode, 4);
      double sumTop1 = 0;
      for (String s : List.of("s0", "s1", "s2")) {
        Set<String> cand = new TreeSet<>();
        for (int i = 0; i < n; i++) if (sys.get(i).equals(s) || mode == ZeroShot.Candidates.ALL) cand.addAll(lab.get(i));
        int h1 = 0, h5 = 0, cnt = 0;
        for (int i = 0; i < n; i++) {
          if (!sys.get(i).equals(s)) continue;
          cnt++;
          double[] sc = RandomVectors.scores(img[i], cls);
          List<Integer> ordered = new ArrayList<>();
          for (int j : RandomVectors.order(sc)) if (cand.contains(ids.get(j))) ordered.add(j);
          if (lab.get(i).contains(ids.get(ordered.get(0)))) h1++;
          for (int t = 0; t < Math.min(5, ordered.size()); t++) {
            if (lab.get(i).contains(ids.get(ordered.get(t)))) {
              h5++;
              break;
            }
          }
        }
        assertEquals((double) h1 / cnt, res.perSystem().get(s).top1(), 1e-12, mode + " " + s);
        assertEquals((double) h5 / cnt, res.perSystem().get(s).top5(), 1e-12, mode + " " + s);
        sumTop1 += (double) h1 / cnt;
      }
      assertEquals(sumTop1 / 3, res.average().top1(), 1e-12);
    }
  }

  @Test
  void unknownPhenotypeIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> ZeroShot.evaluate(new float[][] {{1, 0}},
        List.of("x"), List.of(Set.of("HP:9")), List.of("HP:1"), new float[][] {{1, 0}}, ZeroShot.Candidates.ALL, 2));
    assertTrue(e.getMessage().contains("HP:9"));
  }
}
