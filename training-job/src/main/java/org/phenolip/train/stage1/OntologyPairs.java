package org.phenolip.train.stage1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.apache.spark.sql.Row;

/**
 * Stage-1 training text from the HPO (KAD's knowledge-enhanced recipe): for each live term,
 * (name, definition), (name, synonym) and ("child is a", parent name) pairs. Each pair carries
 * the id of the concept its positive side names; the multi-positive loss treats every two pairs
 * of one concept as positives. Held out for the probe, from the seed: a share of exact synonyms,
 * a share of leaf terms (with all their text and edges) and a share of is_a edges.
 */
public final class OntologyPairs implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind { DEFINITION, SYNONYM, PARENT }

  public record TextPair(String anchor, String positive, String conceptId, Kind kind) implements Serializable {}

  /** A held-out synonym and the term it names. */
  public record HeldOut(String synonym, String termId) implements Serializable {}

  /** A term stage 1 never saw, and its parents (all in training). */
  public record HeldOutTerm(String termId, String label, List<String> parentIds) implements Serializable {}

  /** An is_a edge left out of training; both of its terms stay in. */
  public record HeldOutEdge(String childId, String parentId) implements Serializable {}

  public record Term(String id, String label, String definition, List<String> exactSynonyms,
      List<String> otherSynonyms, List<String> parents, String system) implements Serializable {}

  private final List<TextPair> train;
  private final List<HeldOut> heldOut;
  private final List<HeldOutTerm> heldOutTerms;
  private final List<HeldOutEdge> heldOutEdges;
  private final Set<String> removedTerms;
  private final Set<HeldOutEdge> removedEdges;
  private final Map<String, Term> terms;

  private OntologyPairs(List<TextPair> train, List<HeldOut> heldOut, List<HeldOutTerm> heldOutTerms,
      List<HeldOutEdge> heldOutEdges, Set<String> removedTerms, Set<HeldOutEdge> removedEdges, Map<String, Term> terms) {
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
    this.heldOutTerms = List.copyOf(heldOutTerms);
    this.heldOutEdges = List.copyOf(heldOutEdges);
    this.removedTerms = Set.copyOf(removedTerms);
    this.removedEdges = Set.copyOf(removedEdges);
    this.terms = terms;
  }

  public List<TextPair> train() { return train; }

  /** Held-out synonyms that no training text contains. */
  public List<HeldOut> heldOut() { return heldOut; }

  /** Held-out terms whose label no training text contains (the probe's queries). */
  public List<HeldOutTerm> heldOutTerms() { return heldOutTerms; }

  /** Held-out edges whose text no training pair repeats (the probe's queries). */
  public List<HeldOutEdge> heldOutEdges() { return heldOutEdges; }

  /** Every term, held-out ones included (stage 2's prototypes cover them all). */
  public Map<String, Term> terms() { return terms; }

  /** True for a term stage 1 trains on; held-out terms are out even when the leak check dropped them from the probe. */
  public boolean inTraining(String termId) { return terms.containsKey(termId) && !removedTerms.contains(termId); }

  /** True for an is_a edge present in the training pairs. */
  public boolean edgeInTraining(String childId, String parentId) {
    return inTraining(childId) && inTraining(parentId) && !removedEdges.contains(new HeldOutEdge(childId, parentId));
  }

  /** Reads a term from a PhenoKG {@code phenotypes} row (schema core PhenoKg.PHENOTYPE). */
  public static Term term(Row r) {
    List<String> exact = new ArrayList<>();
    List<String> other = new ArrayList<>();
    List<Row> syns = r.getList(r.fieldIndex("synonyms"));
    for (Row s : syns) {
      ("exact".equals(s.getString(1)) ? exact : other).add(s.getString(0));
    }
    return new Term(r.getString(r.fieldIndex("id")), r.getString(r.fieldIndex("label")),
        r.getString(r.fieldIndex("definition")), exact, other,
        List.copyOf(r.<String>getList(r.fieldIndex("parents"))), r.getString(r.fieldIndex("system")));
  }

  /** Builds the pairs holding out synonyms only. */
  public static OntologyPairs build(List<Term> terms, double heldOutShare, long seed) {
    return build(terms, heldOutShare, 0, 0, seed);
  }

  /**
   * Builds the pairs. {@code synonymShare} of the terms that have at least two exact synonyms
   * lose one of them to the held-out set (the term keeps its label and other synonyms);
   * {@code termShare} of the leaf terms and {@code edgeShare} of the remaining is_a edges are
   * left out of training ({@link OntologyHoldout}).
   */
  public static OntologyPairs build(List<Term> terms, double synonymShare, double termShare, double edgeShare, long seed) {
    Map<String, Term> byId = new HashMap<>();
    for (Term t : terms) byId.put(t.id(), t);
    List<String> picked = OntologyHoldout.terms(terms, byId, termShare, seed);
    Set<String> removedTerms = new HashSet<>(picked);
    List<HeldOutEdge> edges = OntologyHoldout.edges(terms, byId, removedTerms, edgeShare, seed);
    Set<HeldOutEdge> removedEdges = new HashSet<>(edges);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<TextPair> pairs = new ArrayList<>();
    List<HeldOut> held = new ArrayList<>();
    for (Term t : terms) {
      if (t.label() == null || t.label().isBlank() || removedTerms.contains(t.id())) continue;
      if (t.definition() != null && !t.definition().isBlank()) {
        pairs.add(new TextPair(t.label(), t.definition(), t.id(), Kind.DEFINITION));
      }
      List<String> exact = new ArrayList<>(t.exactSynonyms());
      if (exact.size() >= 2 && rnd.nextDouble() < synonymShare) {
        held.add(new HeldOut(exact.remove(rnd.nextInt(exact.size())), t.id()));
      }
      for (String s : exact) pairs.add(new TextPair(t.label(), s, t.id(), Kind.SYNONYM));
      for (String s : t.otherSynonyms()) pairs.add(new TextPair(t.label(), s, t.id(), Kind.SYNONYM));
      for (String p : t.parents()) {
        Term parent = byId.get(p);
        if (parent != null && parent.label() != null && !removedTerms.contains(p) && !removedEdges.contains(new HeldOutEdge(t.id(), p))) {
          pairs.add(new TextPair(t.label() + " is a", parent.label(), parent.id(), Kind.PARENT));
        }
      }
    }
    List<HeldOutTerm> heldTerms = new ArrayList<>();
    for (String id : picked) {
      Term t = byId.get(id);
      heldTerms.add(new HeldOutTerm(id, t.label(), t.parents().stream().filter(byId::containsKey).toList()));
    }
    return new OntologyPairs(pairs, withoutLeaks(held, pairs), termsWithoutLeaks(heldTerms, pairs),
        edgesWithoutLeaks(edges, pairs, byId), removedTerms, removedEdges, byId);
  }

  /**
   * Held-out synonyms whose normalised form (case, punctuation and spacing folded) occurs as
   * whole words in some training text are no test of generalisation: they are dropped.
   */
  static List<HeldOut> withoutLeaks(List<HeldOut> held, List<TextPair> pairs) {
    if (held.isEmpty()) return held;
    Predicate<String> seen = inTrainingText(pairs);
    return held.stream().filter(h -> !seen.test(h.synonym())).toList();
  }

  /** The same rule for held-out terms: a label that training text contains is no unseen term. */
  static List<HeldOutTerm> termsWithoutLeaks(List<HeldOutTerm> held, List<TextPair> pairs) {
    if (held.isEmpty()) return held;
    Predicate<String> seen = inTrainingText(pairs);
    return held.stream().filter(h -> !seen.test(h.label())).toList();
  }

  /**
   * A held-out edge is still taught when a training is_a pair has the same text (two terms
   * sharing a label): such edges are dropped from the probe.
   */
  static List<HeldOutEdge> edgesWithoutLeaks(List<HeldOutEdge> held, List<TextPair> pairs, Map<String, Term> byId) {
    Set<String> taught = new HashSet<>();
    for (TextPair p : pairs) if (p.kind() == Kind.PARENT) taught.add(normalise(p.anchor()) + " | " + normalise(p.positive()));
    return held.stream().filter(e -> !taught.contains(
        normalise(byId.get(e.childId()).label() + " is a") + " | " + normalise(byId.get(e.parentId()).label()))).toList();
  }

  private static Predicate<String> inTrainingText(List<TextPair> pairs) {
    StringBuilder all = new StringBuilder(" ");
    for (TextPair p : pairs) all.append(normalise(p.anchor())).append(" | ").append(normalise(p.positive())).append(" | ");
    String text = all.toString();
    return s -> text.contains(" " + normalise(s) + " ");
  }

  static String normalise(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }
}
