package org.phenolip.kg.linking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NegEx-style negation (Chapman et al. 2001, with the trigger classes of the later NegEx
 * releases): a mention is negated when a pre-negation trigger precedes it ("no evidence of X",
 * "without X") or a post-negation trigger follows it ("X was excluded") within the same
 * sentence, at most {@link #WINDOW} tokens away, with no scope terminator in between
 * ("but", "however", "although", "except", "which", …). Pseudo-triggers ("no change", "not only",
 * "no increase") are matched as longer phrases, so they shadow the trigger inside them, and they
 * end a scope as terminators do. A trigger
 * word that is part of a phenotype name ("Absent septum pellucidum") is not a trigger.
 * Immutable and thread-safe.
 */
public final class NegationDetector {
  /** Most tokens between a trigger and the mention it negates. */
  public static final int WINDOW = 8;

  enum Kind { PRE, POST, PSEUDO, TERMINATE }

  public static final List<String> PRE = List.of(
      "no", "not", "without", "no evidence of", "no evidence for", "no evidence", "negative for",
      "absence of", "absent", "free of", "no sign of", "no signs of", "no finding of",
      "no findings of", "no features of", "no feature of", "no suggestion of", "ruled out",
      "rules out", "excluded", "never", "neither", "nor", "denies", "denied", "not demonstrate",
      "fails to reveal", "failed to reveal", "did not reveal", "does not reveal", "no new",
      "no suspicious", "with no", "resolution of", "resolved", "unremarkable for", "lack of",
      "no radiographic evidence of", "no definite", "no obvious", "no significant", "no apparent",
      "no visible", "no residual", "no recurrent", "no recurrence of", "no signs", "none");

  public static final List<String> POST = List.of(
      "was excluded", "were excluded", "is excluded", "are excluded", "has been excluded",
      "was ruled out", "were ruled out", "is ruled out", "has been ruled out", "ruled out",
      "is absent", "are absent", "was absent", "were absent", "absent", "was not seen",
      "were not seen", "is not seen", "are not seen", "not seen", "not visible", "not visualized",
      "not visualised", "was not observed", "were not observed", "not observed", "not detected",
      "was not detected", "were not detected", "not identified", "not present", "was negative",
      "were negative", "is negative", "unlikely", "resolved", "has resolved", "had resolved",
      "disappeared");

  public static final List<String> PSEUDO = List.of(
      "no increase", "no change", "no significant change", "no interval change", "no further",
      "not only", "not necessarily", "not certain if", "not certain whether", "not rule out",
      "not ruled out", "without difficulty", "no suspicious change", "gram negative",
      "not extend", "not cause", "not drain", "no definite change", "with or without",
      "whether or not", "if not", "not significantly", "not all", "not clearly");

  public static final List<String> TERMINATE = List.of(
      "but", "however", "although", "though", "nevertheless", "yet", "still", "except",
      "apart from", "aside from", "whereas", "which", "secondary to", "due to", "cause of",
      "causes of", "source of", "reason for", "etiology of", "origin of", "consistent with",
      "suggestive of", "suggesting", "compatible with", "indicating", "showing", "shows",
      "revealed", "reveals", "demonstrating", "demonstrates", "there is", "there are",
      "there was", "there were");

  private static final NegationDetector INSTANCE = new NegationDetector();

  public static NegationDetector get() { return INSTANCE; }

  /** A trigger phrase; "ruled out", "absent", "resolved" are both PRE and POST (position decides). */
  private record Trigger(EnumSet<Kind> kinds, int tokens) {}

  private final TokenTrie<Trigger> trie;

  private NegationDetector() {
    Map<String, EnumSet<Kind>> phrases = new LinkedHashMap<>();
    add(phrases, PSEUDO, Kind.PSEUDO);
    add(phrases, TERMINATE, Kind.TERMINATE);
    add(phrases, PRE, Kind.PRE);
    add(phrases, POST, Kind.POST);
    Map<String, Trigger> triggers = new LinkedHashMap<>();
    phrases.forEach((key, kinds) -> triggers.put(key, new Trigger(kinds, key.split(" ").length)));
    trie = new TokenTrie<>(triggers);
  }

  private static void add(Map<String, EnumSet<Kind>> phrases, List<String> list, Kind kind) {
    for (String p : list) {
      phrases.computeIfAbsent(TextNormalizer.get().normalize(p), k -> EnumSet.noneOf(Kind.class)).add(kind);
    }
  }

  /**
   * For each mention, given as token spans {@code first[i]..last[i]} (inclusive), whether it
   * is negated.
   */
  public boolean[] negated(NormalizedText text, int[] first, int[] last) {
    int m = first.length;
    boolean[] out = new boolean[m];
    if (m == 0) return out;
    int n = text.tokenCount();
    boolean[] inMention = new boolean[n];
    for (int i = 0; i < m; i++) Arrays.fill(inMention, first[i], last[i] + 1, true);

    // Trigger phrases as token spans: longest first, non-overlapping, not inside a mention.
    List<int[]> found = new ArrayList<>();   // {first, last}
    List<EnumSet<Kind>> kinds = new ArrayList<>();
    trie.matches(trie.tokenIds(text), (f, l, t) -> {
      found.add(new int[] {f, l, kinds.size()});
      kinds.add(t.kinds());
    });
    if (found.isEmpty()) return out;
    found.sort((a, b) -> a[1] - a[0] != b[1] - b[0] ? (b[1] - b[0]) - (a[1] - a[0]) : a[0] - b[0]);
    Kind[] kindAt = new Kind[n];       // a token inside a kept trigger: its (first) kind
    boolean[] preAt = new boolean[n];
    boolean[] postAt = new boolean[n];
    for (int[] t : found) {
      boolean free = true;
      for (int k = t[0]; k <= t[1] && free; k++) free = !inMention[k] && kindAt[k] == null;
      if (!free) continue;
      EnumSet<Kind> ks = kinds.get(t[2]);
      Kind kind = ks.iterator().next();
      for (int k = t[0]; k <= t[1]; k++) kindAt[k] = kind;
      if (ks.contains(Kind.PRE)) preAt[t[1]] = true;    // marked on the trigger's last token
      if (ks.contains(Kind.POST)) postAt[t[0]] = true;  // marked on the trigger's first token
    }
    for (int i = 0; i < m; i++) {
      out[i] = preNegated(text, kindAt, preAt, first[i]) || postNegated(text, kindAt, postAt, last[i], n);
    }
    return out;
  }

  private static boolean preNegated(NormalizedText text, Kind[] kindAt, boolean[] preAt, int first) {
    for (int k = first - 1, dist = 0; k >= 0 && dist <= WINDOW; k--, dist++) {
      if (text.breakAfter(k)) return false;
      if (preAt[k]) return true;
      if (kindAt[k] == Kind.TERMINATE || kindAt[k] == Kind.PSEUDO) return false;
    }
    return false;
  }

  private static boolean postNegated(NormalizedText text, Kind[] kindAt, boolean[] postAt, int last, int n) {
    if (text.breakAfter(last)) return false;
    for (int k = last + 1, dist = 0; k < n && dist <= WINDOW; k++, dist++) {
      if (postAt[k]) return true;
      if (kindAt[k] == Kind.TERMINATE || kindAt[k] == Kind.PSEUDO) return false;
      if (text.breakAfter(k)) return false;
    }
    return false;
  }
}
