package org.phenolip.train.stage1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;

/**
 * Stage-1 training text from the HPO (KAD's knowledge-enhanced recipe): for each live term,
 * (name, definition), (name, synonym) and ("child is a", parent name) pairs. Each pair carries
 * the id of the concept its positive side names; the multi-positive loss treats every two pairs
 * of one concept as positives. A seeded share of exact synonyms is held out for evaluation.
 */
public final class OntologyPairs implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind { DEFINITION, SYNONYM, PARENT }

  public record TextPair(String anchor, String positive, String conceptId, Kind kind) implements Serializable {}

  /** A held-out synonym and the term it names. */
  public record HeldOut(String synonym, String termId) implements Serializable {}

  public record Term(String id, String label, String definition, List<String> exactSynonyms,
      List<String> otherSynonyms, List<String> parents, String system) implements Serializable {}

  private final List<TextPair> train;
  private final List<HeldOut> heldOut;
  private final Map<String, Term> terms;

  private OntologyPairs(List<TextPair> train, List<HeldOut> heldOut, Map<String, Term> terms) {
    this.train = List.copyOf(train);
    this.heldOut = List.copyOf(heldOut);
    this.terms = terms;
  }

  public List<TextPair> train() { return train; }

  public List<HeldOut> heldOut() { return heldOut; }

  public Map<String, Term> terms() { return terms; }

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

  /**
   * Builds the pairs. {@code heldOutShare} of the terms that have at least two exact synonyms
   * lose one of them to the held-out set (the term keeps its label and other synonyms).
   */
  public static OntologyPairs build(List<Term> terms, double heldOutShare, long seed) {
    Map<String, Term> byId = new HashMap<>();
    for (Term t : terms) byId.put(t.id(), t);
    SplittableRandom rnd = new SplittableRandom(seed);
    List<TextPair> pairs = new ArrayList<>();
    List<HeldOut> held = new ArrayList<>();
    for (Term t : terms) {
      if (t.label() == null || t.label().isBlank()) continue;
      if (t.definition() != null && !t.definition().isBlank()) {
        pairs.add(new TextPair(t.label(), t.definition(), t.id(), Kind.DEFINITION));
      }
      List<String> exact = new ArrayList<>(t.exactSynonyms());
      if (exact.size() >= 2 && rnd.nextDouble() < heldOutShare) {
        held.add(new HeldOut(exact.remove(rnd.nextInt(exact.size())), t.id()));
      }
      for (String s : exact) pairs.add(new TextPair(t.label(), s, t.id(), Kind.SYNONYM));
      for (String s : t.otherSynonyms()) pairs.add(new TextPair(t.label(), s, t.id(), Kind.SYNONYM));
      for (String p : t.parents()) {
        Term parent = byId.get(p);
        if (parent != null && parent.label() != null) {
          pairs.add(new TextPair(t.label() + " is a", parent.label(), parent.id(), Kind.PARENT));
        }
      }
    }
    return new OntologyPairs(pairs, withoutLeaks(held, pairs), byId);
  }

  /**
   * Held-out synonyms whose normalised form (case, punctuation and spacing folded) occurs as
   * whole words in some training text are no test of generalisation: they are dropped.
   */
  static List<HeldOut> withoutLeaks(List<HeldOut> held, List<TextPair> pairs) {
    if (held.isEmpty()) return held;
    StringBuilder all = new StringBuilder(" ");
    for (TextPair p : pairs) all.append(normalise(p.anchor())).append(" | ").append(normalise(p.positive())).append(" | ");
    String text = all.toString();
    List<HeldOut> out = new ArrayList<>();
    for (HeldOut h : held) if (!text.contains(" " + normalise(h.synonym()) + " ")) out.add(h);
    return out;
  }

  static String normalise(String s) {
    return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
  }
}
