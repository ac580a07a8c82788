package org.phenolip.train.stage1;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.phenolip.train.stage1.LabelRetrieval.Query;
import org.phenolip.train.stage1.OntologyPairs.HeldOutEdge;
import org.phenolip.train.stage1.OntologyPairs.HeldOutTerm;
import org.phenolip.train.stage1.OntologyPairs.Term;
import org.phenolip.train.stage1.OntologyPairs.TextPair;

class OntologyHoldoutTest {
  /** Child key → parent keys. r is the root; p is a system root whose parent is outside the set. */
  private static final Map<String, List<String>> TREE = new LinkedHashMap<>();
  static {
    TREE.put("r", List.of("ext"));
    TREE.put("p", List.of("ext"));
    for (String mid : List.of("a", "b", "c")) TREE.put(mid, List.of("r"));
    for (String leaf : List.of("a1", "a2", "a3")) TREE.put(leaf, List.of("a"));
    for (String leaf : List.of("b1", "b2")) TREE.put(leaf, List.of("b"));
    for (String leaf : List.of("c1", "c2")) TREE.put(leaf, List.of("c"));
    TREE.put("d", List.of("a", "b"));
  }

  private static final Set<String> LEAVES = Set.of("a1", "a2", "a3", "b1", "b2", "c1", "c2", "d");

  private static String id(String key) { return "HP:" + key; }

  private static String label(String key) { return "Term " + key; }

  private static List<Term> terms() {
    List<Term> out = new ArrayList<>();
    TREE.forEach((k, parents) -> out.add(new Term(id(k), label(k), "Meaning of the " + k + " term.",
        List.of(k + " exact one", k + " exact two"), List.of(k + " related"), parents.stream().map(OntologyHoldoutTest::id).toList(), "sys")));
    return out;
  }

  private static OntologyPairs build(List<Term> terms, long seed) {
    return OntologyPairs.build(terms, 0.5, 0.3, 0.3, seed);
  }

  @Test
  void heldOutTermsAndEdgesNeverReachTraining() {
    for (long seed = 0; seed < 10; seed++) {
      OntologyPairs data = build(terms(), seed);
      assertEquals(3, data.heldOutTerms().size(), "seed " + seed);
      assertEquals(3, data.heldOutEdges().size(), "seed " + seed);
      String text = trainingText(data.train());
      for (Term t : terms()) {
        if (data.inTraining(t.id())) {
          assertTrue(text.contains(" " + OntologyPairs.normalise(t.definition()) + " "), "kept term's definition missing: " + t.id());
          continue;
        }
        List<String> own = new ArrayList<>(List.of(t.label(), t.definition()));
        own.addAll(t.exactSynonyms());
        own.addAll(t.otherSynonyms());
        for (String s : own) assertFalse(text.contains(" " + OntologyPairs.normalise(s) + " "), "seed " + seed + ": " + s);
        assertTrue(data.train().stream().noneMatch(p -> p.conceptId().equals(t.id())));
      }
      Set<String> trainedEdges = new HashSet<>();
      for (TextPair p : data.train()) if (p.kind() == OntologyPairs.Kind.PARENT) trainedEdges.add(p.anchor() + " -> " + p.positive());
      int removedEdges = 0;
      for (Term t : terms()) {
        for (String parent : t.parents()) {
          if (!data.terms().containsKey(parent) || !data.inTraining(t.id())) continue;
          String edge = t.label() + " is a -> " + data.terms().get(parent).label();
          assertEquals(data.edgeInTraining(t.id(), parent), trainedEdges.contains(edge), "seed " + seed + ": " + edge);
          if (!data.edgeInTraining(t.id(), parent)) removedEdges++;
        }
      }
      assertEquals(3, removedEdges);
      for (HeldOutEdge e : data.heldOutEdges()) {
        assertTrue(data.inTraining(e.childId()) && data.inTraining(e.parentId()), "both ends stay in training: " + e);
      }
    }
  }

  @Test
  void selectionFollowsTheSeedOnlyAndSkipsRootsAndInnerTerms() {
    List<Term> reversed = new ArrayList<>(terms());
    java.util.Collections.reverse(reversed);
    Set<List<String>> distinct = new HashSet<>();
    Set<String> everHeld = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      OntologyPairs one = build(terms(), seed), two = build(reversed, seed);
      assertEquals(one.heldOutTerms(), two.heldOutTerms(), "seed " + seed);
      assertEquals(one.heldOutEdges(), two.heldOutEdges(), "seed " + seed);
      List<String> ids = one.heldOutTerms().stream().map(HeldOutTerm::termId).toList();
      distinct.add(ids);
      everHeld.addAll(ids);
    }
    assertTrue(distinct.size() > 5, "the seed should change the selection: " + distinct);
    assertEquals(LEAVES.stream().map(OntologyHoldoutTest::id).collect(java.util.stream.Collectors.toSet()), everHeld,
        "only leaves with a parent in the set (never r, p, a, b, c), and each of them for some seed");
  }

  @Test
  void noShareHoldsOutNothing() {
    OntologyPairs data = OntologyPairs.build(terms(), 0, 1);
    assertTrue(data.heldOutTerms().isEmpty());
    assertTrue(data.heldOutEdges().isEmpty());
    assertEquals(12, data.train().stream().filter(p -> p.kind() == OntologyPairs.Kind.PARENT).count());
  }

  @Test
  void leakedTermsAndEdgesLeaveTheProbe() {
    var pairs = List.of(new TextPair("Term x", "Unlike a Term a1, this one is blue.", "HP:x", OntologyPairs.Kind.DEFINITION),
        new TextPair("Term a2 is a", "Term a", "HP:a", OntologyPairs.Kind.PARENT));
    var terms = List.of(new HeldOutTerm("HP:a1", "Term a1", List.of("HP:a")), new HeldOutTerm("HP:a3", "Term a3", List.of("HP:a")));
    assertEquals(List.of("HP:a3"), OntologyPairs.termsWithoutLeaks(terms, pairs).stream().map(HeldOutTerm::termId).toList());
    // HP:a2bis shares HP:a2's label: its held-out edge to HP:a is still taught by HP:a2's pair.
    Map<String, Term> byId = new LinkedHashMap<>();
    for (String k : List.of("a", "a2", "b")) byId.put(id(k), new Term(id(k), label(k), null, List.of(), List.of(), List.of(), "sys"));
    byId.put("HP:a2bis", new Term("HP:a2bis", "term  A2", null, List.of(), List.of(), List.of(), "sys"));
    var edges = List.of(new HeldOutEdge("HP:a2bis", "HP:a"), new HeldOutEdge("HP:a2bis", "HP:b"));
    assertEquals(List.of(new HeldOutEdge("HP:a2bis", "HP:b")), OntologyPairs.edgesWithoutLeaks(edges, pairs, byId));
  }

  @Test
  void retrievalRanksTargetsAmongAllowedCandidates() {
    float[][] cand = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, unit(1, 1, 0)};
    float[] q = unit(0.9f, 1, 0.2f); // nearest: 3, then 1, then 0, then 2
    assertEquals(new LabelRetrieval.Score(1, 0, 1, 0.25, 1.0), LabelRetrieval.score(List.of(new Query(q, Set.of(1), Set.of())), cand));
    // with its nearest competitor excluded (filtered setting), 1 is top-1 among 3
    LabelRetrieval.Score filtered = LabelRetrieval.score(List.of(new Query(q, Set.of(1), Set.of(3))), cand);
    assertEquals(1, filtered.top1());
    assertEquals(1.0 / 3, filtered.chance1(), 1e-12);
    // two targets: the best one counts; chance of one of 2 in the first 1 of 4 is 1/2
    LabelRetrieval.Score two = LabelRetrieval.score(List.of(new Query(q, Set.of(2, 3), Set.of())), cand);
    assertEquals(1, two.top1());
    assertEquals(0.5, two.chance1(), 1e-12);
    assertEquals(1 - (10.0 / 12) * (9.0 / 11), LabelRetrieval.chance(12, 2, 2), 1e-12);
    assertEquals(10.0 / 17, LabelRetrieval.chance(17, 1, 10), 1e-12);
    assertEquals(1.0, LabelRetrieval.chance(5, 1, 10), 1e-12);
  }

  @Test
  void probeFindsParentsInAnOntologyShapedSpaceOnly() {
    OntologyPairs data = build(terms(), 3);
    Map<String, Double> shaped = OntologyProbe.measure(embedder(false), data, 3);
    assertEquals(3.0, shaped.get("heldout_terms"));
    assertEquals(1.0, shaped.get("term_to_parent_top1"), shaped.toString());
    assertEquals(3.0, shaped.get("heldout_edges"));
    assertEquals(1.0, shaped.get("edge_child_to_parent_top1"), shaped.toString());
    assertEquals(1.0, shaped.get("synonym_to_term_top1"), shaped.toString());
    double candidates = TREE.size() - 3;
    assertEquals(candidates, shaped.get("candidate_terms"));
    assertTrue(shaped.get("term_to_parent_top1_chance") >= 1 / candidates && shaped.get("term_to_parent_top1_chance") <= 2 / candidates);
    assertTrue(shaped.get("term_to_parent_top1_ci95_lo") > 0.2 && shaped.get("term_to_parent_top1_ci95_hi") > 0.999, shaped.toString());
    assertTrue(shaped.get("heldout_edge_cosine") > shaped.get("random_pair_cosine"));
    assertTrue(shaped.get("heldout_edge_cosine_ci95_lo") <= shaped.get("heldout_edge_cosine"));
    // each label pulled towards a wrong parent: the held-out leaves' parents are no longer found
    Map<String, Double> rotated = OntologyProbe.measure(embedder(true), data, 3);
    assertTrue(rotated.get("term_to_parent_top1") < 1.0, rotated.toString());
  }

  /**
   * Labels of the tree: key k ↦ e_k + 0.8·Σ e_parent, normalised (the synonyms of k embed as k);
   * {@code rotate} swaps each parent a→b→c→a first.
   */
  private static Function<List<String>, float[][]> embedder(boolean rotate) {
    List<String> keys = new ArrayList<>(TREE.keySet());
    Map<String, String> rot = Map.of("a", "b", "b", "c", "c", "a");
    return texts -> texts.stream().map(text -> {
      String k = text.startsWith("Term ") ? text.substring(5) : text.substring(0, text.indexOf(' '));
      float[] v = new float[keys.size()];
      v[keys.indexOf(k)] = 1;
      for (String p : TREE.get(k)) {
        String q = rotate ? rot.getOrDefault(p, p) : p;
        if (keys.contains(q)) v[keys.indexOf(q)] += 0.8f;
      }
      return unit(v);
    }).toArray(float[][]::new);
  }

  private static float[] unit(float... v) {
    double n = 0;
    for (float x : v) n += x * x;
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) out[i] = (float) (v[i] / Math.sqrt(n));
    return out;
  }

  private static String trainingText(List<TextPair> pairs) {
    StringBuilder b = new StringBuilder(" ");
    for (TextPair p : pairs) b.append(OntologyPairs.normalise(p.anchor())).append(" | ").append(OntologyPairs.normalise(p.positive())).append(" | ");
    return b.toString();
  }
}
