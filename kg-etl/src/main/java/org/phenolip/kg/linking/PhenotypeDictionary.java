package org.phenolip.kg.linking;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.Phenotype;
import org.phenolip.kg.ontology.Synonym;

/**
 * HPO names keyed by their normalised text ({@link TextNormalizer}), after the
 * {@link AmbiguityFilter}. One key may name several terms ("hypoplastic heart" …); each term keeps
 * its best tier for that key. Immutable and serializable (a few MB for all of HPO).
 */
public final class PhenotypeDictionary implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * An exact synonym is acronym-like when it is 2–8 characters of capitals and digits (hyphens
   * allowed) with at least two capitals: "VSD", "ASD", "PDA", "CHD", "T2DM". HPO's own
   * {@code hp#abbreviation} synonym type is not kept by every reader, so the shape decides.
   */
  static final Pattern ACRONYM = Pattern.compile("(?=(?:.*[A-Z]){2})[A-Z0-9][A-Z0-9-]{1,7}");

  /** A name dropped by the ambiguity filter, with the reason. */
  public record Rejected(DictionaryEntry entry, String normalized, String reason) implements Serializable {}

  private final Map<String, List<DictionaryEntry>> byKey;
  private final List<Rejected> rejected;
  private final int entries;
  private final int merged;

  private PhenotypeDictionary(Map<String, List<DictionaryEntry>> byKey, List<Rejected> rejected, int merged) {
    this.byKey = byKey;
    this.rejected = rejected;
    this.merged = merged;
    this.entries = byKey.values().stream().mapToInt(List::size).sum();
  }

  /** Dictionary with the default {@link AmbiguityFilter}. */
  public static PhenotypeDictionary of(Collection<DictionaryEntry> entries) {
    return of(entries, AmbiguityFilter.defaults());
  }

  public static PhenotypeDictionary of(Collection<DictionaryEntry> entries, AmbiguityFilter filter) {
    TextNormalizer norm = TextNormalizer.get();
    Map<String, Map<String, DictionaryEntry>> keyed = new LinkedHashMap<>();
    List<Rejected> rejected = new ArrayList<>();
    int merged = 0;
    for (DictionaryEntry e : entries) {
      String key = norm.normalize(e.text());
      String why = filter.reason(key);
      if (why != null) {
        rejected.add(new Rejected(e, key, why));
        continue;
      }
      Map<String, DictionaryEntry> terms = keyed.computeIfAbsent(key, k -> new LinkedHashMap<>());
      if (terms.containsKey(e.hpoId())) merged++;
      terms.merge(e.hpoId(), e, (a, b) -> a.tier().compareTo(b.tier()) <= 0 ? a : b);
    }
    Map<String, List<DictionaryEntry>> byKey = new LinkedHashMap<>();
    keyed.forEach((k, v) -> byKey.put(k, v.values().stream()
        .sorted(Comparator.comparing(DictionaryEntry::tier).thenComparing(DictionaryEntry::hpoId))
        .toList()));
    return new PhenotypeDictionary(Map.copyOf(byKey), List.copyOf(rejected), merged);
  }

  /**
   * All HPO phenotypic abnormalities (live descendants of HP:0000118): labels, exact synonyms
   * (acronym-like ones as {@link Tier#ACRONYM}) and related synonyms; broad and narrow synonyms
   * are left out. Modes of inheritance, clinical modifiers ("Left", "Severe", "Chronic") and
   * frequencies are no phenotypes and would match most captions. Default ambiguity filter.
   */
  public static PhenotypeDictionary fromOntology(Ontology ontology) {
    return fromOntology(ontology, AmbiguityFilter.defaults());
  }

  public static PhenotypeDictionary fromOntology(Ontology ontology, AmbiguityFilter filter) {
    return of(entriesOf(ontology), filter);
  }

  /** The dictionary entries {@link #fromOntology} uses, before the ambiguity filter. */
  public static List<DictionaryEntry> entriesOf(Ontology ontology) {
    Set<String> scope = ontology.descendantIds(AnatomicalSystem.PHENOTYPIC_ABNORMALITY);
    List<DictionaryEntry> out = new ArrayList<>();
    for (Phenotype p : ontology.liveTerms()) {
      if (!scope.contains(p.id())) continue;
      if (p.label() != null && !p.label().isBlank()) out.add(new DictionaryEntry(p.id(), p.label(), Tier.LABEL));
      for (Synonym s : p.synonyms()) {
        Tier t = tierOf(s.scope().key(), s.text());
        if (t != null && !s.text().isBlank()) out.add(new DictionaryEntry(p.id(), s.text(), t));
      }
    }
    return out;
  }

  /**
   * Tier of an HPO name from its OBO synonym scope ("label" for the term's own label, else
   * "exact", "related", "broad", "narrow"); null when the name is not used (broad and narrow
   * synonyms name another concept by definition).
   */
  public static Tier tierOf(String scope, String text) {
    return switch (scope.toLowerCase(java.util.Locale.ROOT)) {
      case "label" -> Tier.LABEL;
      case "exact" -> ACRONYM.matcher(text).matches() ? Tier.ACRONYM : Tier.EXACT;
      case "related" -> Tier.RELATED;
      case "broad", "narrow" -> null;
      default -> throw new IllegalArgumentException("unknown synonym scope '" + scope + "' for '" + text + "'");
    };
  }

  /** Normalised name → the terms it names, best tier first. */
  public Map<String, List<DictionaryEntry>> byKey() { return byKey; }

  public List<DictionaryEntry> lookup(String normalizedKey) {
    return byKey.getOrDefault(normalizedKey, List.of());
  }

  /** Distinct (term, normalised name) entries kept. */
  public int size() { return entries; }

  public int keys() { return byKey.size(); }

  /**
   * Entries folded into another of the same term and normalised name ("Ventricular septal
   * defects" into "Ventricular septal defect"; the better tier stays). Entries in = {@link #size()}
   * + {@link #rejected()} + merged.
   */
  public int merged() { return merged; }

  /** Names dropped by the ambiguity filter, with reasons. */
  public List<Rejected> rejected() { return rejected; }
}
