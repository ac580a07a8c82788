package org.phenolip.kg.linking;

import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds HPO phenotypes in caption text.
 * <ol>
 *   <li>Normalise the text ({@link TextNormalizer}) and find every dictionary name as a
 *       whole-token sequence with a {@link NameMatcher}: by default a token trie
 *       ({@link TokenTrie}); tests cross-check it against an {@code org.ahocorasick} engine.</li>
 *   <li>Keep the longest matches (most tokens) that do not overlap, leftmost first on ties.
 *       An acronym-like synonym ({@link Tier#ACRONYM}) only counts when written in capitals in
 *       the original ("VSD", "VSDs"; not "vsd").</li>
 *   <li>Abbreviations defined in the text ({@link AbbreviationDetector}) whose long form was
 *       matched are matched wherever the short form appears after the definition
 *       ({@link Tier#ABBREVIATION}); a short form the text defines as something else suppresses
 *       the dictionary's acronym of the same spelling.</li>
 *   <li>Negation ({@link NegationDetector}) flags mentions; they are still returned.</li>
 * </ol>
 * A name shared by several terms yields one mention per term (same span, same tier).
 * Immutable and thread-safe; serializes as its dictionary and options and rebuilds the automaton
 * on arrival, so it can be broadcast to Spark executors.
 */
public final class PhenotypeLinker implements Serializable {
  private static final long serialVersionUID = 1L;

  private final PhenotypeDictionary dictionary;
  private final boolean negation;
  private final boolean abbreviations;
  private final NameMatcher.Engine engine;
  private final transient NameMatcher<Group> matcher;

  /** The terms one normalised key names, best tier first; the usual answer precomputed. */
  private static final class Group {
    final DictionaryEntry[] entries;
    final boolean acronym;        // some entry is ACRONYM: the case check decides per match
    final Tier bestTier;
    final List<String> bestIds;

    Group(List<DictionaryEntry> entries) {
      this.entries = entries.toArray(DictionaryEntry[]::new);
      this.acronym = entries.stream().anyMatch(e -> e.tier() == Tier.ACRONYM);
      this.bestTier = entries.get(0).tier();
      this.bestIds = entries.stream().filter(e -> e.tier() == bestTier).map(DictionaryEntry::hpoId).toList();
    }
  }

  /** A selected match: tokens first..last, tier, terms. */
  private static final class Candidate {
    final int first;
    final int last;
    final Tier tier;
    final List<String> ids;
    boolean dropped;

    Candidate(int first, int last, Tier tier, List<String> ids) {
      this.first = first;
      this.last = last;
      this.tier = tier;
      this.ids = ids;
    }
  }

  private PhenotypeLinker(PhenotypeDictionary dictionary, boolean negation, boolean abbreviations,
                          NameMatcher.Engine engine) {
    this.dictionary = dictionary;
    this.negation = negation;
    this.abbreviations = abbreviations;
    this.engine = engine;
    Map<String, Group> groups = new java.util.LinkedHashMap<>();
    dictionary.byKey().forEach((key, entries) -> groups.put(key, new Group(entries)));
    this.matcher = engine.build(groups);
  }

  /** Linker with negation and abbreviation handling on. */
  public static PhenotypeLinker of(PhenotypeDictionary dictionary) {
    return new PhenotypeLinker(dictionary, true, true, NameMatcher.TOKEN_TRIE);
  }

  /** For ablations: negation and abbreviation handling each on or off. */
  public static PhenotypeLinker of(PhenotypeDictionary dictionary, boolean negation, boolean abbreviations) {
    return new PhenotypeLinker(dictionary, negation, abbreviations, NameMatcher.TOKEN_TRIE);
  }

  public static PhenotypeLinker of(PhenotypeDictionary dictionary, boolean negation, boolean abbreviations,
                                   NameMatcher.Engine engine) {
    return new PhenotypeLinker(dictionary, negation, abbreviations, engine);
  }

  public PhenotypeDictionary dictionary() { return dictionary; }

  /** Mentions in {@code text}, ordered by start offset; negated ones have {@code negated=true}. */
  public List<Mention> link(String text) {
    if (text == null || text.isEmpty()) return List.of();
    NormalizedText nt = TextNormalizer.get().apply(text);
    if (nt.tokenCount() == 0) return List.of();
    List<Candidate> found = new ArrayList<>();
    matcher.matches(nt, (first, last, g) -> {
      Candidate c = candidate(text, nt, first, last, g);
      if (c != null) found.add(c);
    });
    List<Candidate> selected = longestNonOverlapping(found, nt.tokenCount());
    if (abbreviations && text.indexOf('(') >= 0) {
      selected = withAbbreviations(text, nt, selected);
    }
    if (selected.isEmpty()) return List.of();
    boolean[] neg = negation ? negations(nt, selected) : new boolean[selected.size()];
    List<Mention> out = new ArrayList<>(selected.size() + 2);
    for (int i = 0; i < selected.size(); i++) {
      Candidate c = selected.get(i);
      int s = nt.originalStart(c.first), e = nt.originalEnd(c.last);
      String matched = text.substring(s, e);
      for (String id : c.ids) {
        out.add(new Mention(id, matched, s, e, c.tier, c.tier.confidence(), neg[i]));
      }
    }
    return out;
  }

  /** The best tier whose entries accept this span, with all terms of that tier; null if none. */
  private static Candidate candidate(String text, NormalizedText nt, int first, int last, Group g) {
    if (!g.acronym) return new Candidate(first, last, g.bestTier, g.bestIds);
    DictionaryEntry[] entries = g.entries;
    Tier tier = null;
    List<String> ids = null;
    Boolean capitals = null;
    for (DictionaryEntry e : entries) {
      if (tier != null && e.tier() != tier) break;
      if (e.tier() == Tier.ACRONYM) {
        if (capitals == null) capitals = writtenInCapitals(text, nt.originalStart(first), nt.originalEnd(last));
        if (!capitals) continue;
      }
      if (tier == null) {
        tier = e.tier();
        ids = new ArrayList<>(1);
      }
      ids.add(e.hpoId());
    }
    return tier == null ? null : new Candidate(first, last, tier, ids);
  }

  /** No lower-case letter, except a plural 's' at the end ("VSDs"). */
  static boolean writtenInCapitals(String text, int s, int e) {
    for (int i = s; i < e; i++) {
      char c = text.charAt(i);
      if (Character.isLowerCase(c) && !(c == 's' && i == e - 1 && i - s >= 2)) return false;
    }
    return true;
  }

  private static List<Candidate> longestNonOverlapping(List<Candidate> found, int tokens) {
    if (found.size() <= 1) return found;
    List<Candidate> byLength = new ArrayList<>(found);
    byLength.sort((a, b) -> {
      int la = a.last - a.first, lb = b.last - b.first;
      return la != lb ? lb - la : a.first - b.first;
    });
    boolean[] taken = new boolean[tokens];
    List<Candidate> kept = new ArrayList<>();
    for (Candidate c : byLength) {
      boolean free = true;
      for (int t = c.first; t <= c.last && free; t++) free = !taken[t];
      if (!free) continue;
      for (int t = c.first; t <= c.last; t++) taken[t] = true;
      kept.add(c);
    }
    kept.sort((a, b) -> a.first - b.first);
    return kept;
  }

  private static List<Candidate> withAbbreviations(String text, NormalizedText nt, List<Candidate> selected) {
    List<AbbreviationDetector.Abbreviation> defs = AbbreviationDetector.get().detect(text);
    if (defs.isEmpty()) return selected;
    Map<String, List<String>> meaning = new HashMap<>();
    List<Candidate> added = new ArrayList<>();
    for (AbbreviationDetector.Abbreviation a : defs) {
      Candidate lf = longFormMatch(nt, selected, a);
      List<String> ids = lf == null ? List.of() : lf.ids;
      meaning.putIfAbsent(a.shortForm(), ids);
      // The text's own definition beats the dictionary's acronym of the same spelling.
      for (Candidate c : selected) {
        if (c.tier == Tier.ACRONYM && sameWord(text, nt.originalStart(c.first), nt.originalEnd(c.last), a.shortForm())) {
          c.dropped = true;
        }
      }
      if (ids.isEmpty()) continue;
      int from = a.definitionEnd();
      for (int i = text.indexOf(a.shortForm(), from); i >= 0; i = text.indexOf(a.shortForm(), i + 1)) {
        int end = i + a.shortForm().length();
        if (end < text.length() && text.charAt(end) == 's'
            && (end + 1 == text.length() || !Character.isLetterOrDigit(text.charAt(end + 1)))) {
          end++;   // "VSDs"
        }
        if ((i > 0 && Character.isLetterOrDigit(text.charAt(i - 1)))
            || (end < text.length() && Character.isLetterOrDigit(text.charAt(end)))) {
          continue;
        }
        int f = nt.tokenAtOriginal(i), l = nt.tokenAtOriginal(end - 1);
        if (f < 0 || l < 0 || overlaps(selected, f, l) || overlaps(added, f, l)) continue;
        added.add(new Candidate(f, l, Tier.ABBREVIATION, ids));
      }
    }
    List<Candidate> out = new ArrayList<>(selected.size() + added.size());
    for (Candidate c : selected) if (!c.dropped) out.add(c);
    out.addAll(added);
    out.sort((x, y) -> x.first - y.first);
    return out;
  }

  /** The selected match that ends where the long form ends (it may start inside or before it). */
  private static Candidate longFormMatch(NormalizedText nt, List<Candidate> selected,
                                         AbbreviationDetector.Abbreviation a) {
    int lastToken = nt.tokenAtOriginal(a.longEnd() - 1);
    int firstToken = nt.tokenAtOriginal(a.longStart());
    if (lastToken < 0 || firstToken < 0) return null;
    for (Candidate c : selected) {
      if (c.last == lastToken && c.tier != Tier.ACRONYM) return c;
    }
    return null;
  }

  private static boolean sameWord(String text, int s, int e, String sf) {
    int len = e - s;
    return (len == sf.length() || (len == sf.length() + 1 && text.charAt(e - 1) == 's'))
        && text.startsWith(sf, s);
  }

  private static boolean overlaps(List<Candidate> cs, int f, int l) {
    for (Candidate c : cs) {
      if (!c.dropped && c.first <= l && f <= c.last) return true;
    }
    return false;
  }

  private static boolean[] negations(NormalizedText nt, List<Candidate> selected) {
    int[] first = new int[selected.size()];
    int[] last = new int[selected.size()];
    for (int i = 0; i < first.length; i++) {
      first[i] = selected.get(i).first;
      last[i] = selected.get(i).last;
    }
    return NegationDetector.get().negated(nt, first, last);
  }

  // Serialization: ship the dictionary and the options, rebuild the automaton on arrival.
  private Object writeReplace() {
    return new Form(dictionary, negation, abbreviations, engine);
  }

  private void readObject(ObjectInputStream in) throws java.io.InvalidObjectException {
    throw new java.io.InvalidObjectException("PhenotypeLinker travels as its serialized form");
  }

  private record Form(PhenotypeDictionary dictionary, boolean negation, boolean abbreviations,
                      NameMatcher.Engine engine)
      implements Serializable {
    private Object readResolve() {
      return new PhenotypeLinker(dictionary, negation, abbreviations, engine);
    }
  }
}
