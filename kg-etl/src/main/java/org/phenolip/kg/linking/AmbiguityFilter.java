package org.phenolip.kg.linking;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Names too ambiguous to be matched on their own. A dictionary entry is dropped when its
 * normalised text
 * <ol>
 *   <li>is shorter than {@value #MIN_CHARS} characters ("ph", "ms");</li>
 *   <li>has no letter ("6", "46 xy" is kept: it has letters);</li>
 *   <li>is an English stop word ({@link #STOP_WORDS});</li>
 *   <li>is in the common-word list {@code ambiguous-terms.txt} (this package's resources): names
 *       that are ordinary words in figure captions far more often than the phenotype, chosen
 *       from data (see that file's header for the rule and the measurements).</li>
 * </ol>
 * Only whole names are dropped, never tokens inside a longer name ("mass" may be dropped, "mass
 * effect" stays). Immutable.
 */
public final class AmbiguityFilter implements Serializable {
  public static final int MIN_CHARS = 3;
  public static final String RESOURCE = "ambiguous-terms.txt";

  /** English function words (a short NLTK-like list, normalised as the dictionary is). */
  public static final Set<String> STOP_WORDS = Set.of(
      "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are",
      "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but",
      "by", "can", "could", "did", "do", "doe", "doing", "down", "during", "each", "few", "for",
      "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him",
      "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more",
      "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other",
      "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that",
      "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to",
      "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where",
      "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your");

  private static final AmbiguityFilter NONE = new AmbiguityFilter(Map.of(), false);
  private static volatile AmbiguityFilter defaults;

  private final Map<String, String> commonWords;   // normalised name → why it is listed
  private final boolean enabled;

  private AmbiguityFilter(Map<String, String> commonWords, boolean enabled) {
    this.commonWords = Map.copyOf(commonWords);
    this.enabled = enabled;
  }

  /** The documented rule with the bundled common-word list. */
  public static AmbiguityFilter defaults() {
    AmbiguityFilter f = defaults;
    if (f == null) {
      synchronized (AmbiguityFilter.class) {
        if (defaults == null) defaults = new AmbiguityFilter(loadList(), true);
        f = defaults;
      }
    }
    return f;
  }

  /** The same rule with another common-word list (normalised name → reason). */
  public static AmbiguityFilter withCommonWords(Map<String, String> commonWords) {
    return new AmbiguityFilter(commonWords, true);
  }

  /** Keeps everything (for ablation). */
  public static AmbiguityFilter none() { return NONE; }

  public Map<String, String> commonWords() { return commonWords; }

  /** Why the normalised name is too ambiguous, or null when it may be matched. */
  public String reason(String normalized) {
    if (!enabled) return null;
    if (normalized.length() < MIN_CHARS) return "shorter than " + MIN_CHARS + " characters";
    boolean letter = false;
    for (int i = 0; i < normalized.length() && !letter; i++) {
      letter = Character.isLetter(normalized.charAt(i));
    }
    if (!letter) return "no letter";
    if (STOP_WORDS.contains(normalized)) return "English stop word";
    String why = commonWords.get(normalized);
    return why == null ? null : "common word: " + why;
  }

  static Map<String, String> loadList() {
    try (InputStream in = AmbiguityFilter.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Lines "name<TAB>reason"; '#' starts a comment. Names are normalised here. */
  static Map<String, String> parse(BufferedReader reader) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    String line;
    int no = 0;
    while ((line = reader.readLine()) != null) {
      no++;
      if (line.isBlank() || line.startsWith("#")) continue;
      int tab = line.indexOf('\t');
      if (tab <= 0) {
        throw new IllegalArgumentException(RESOURCE + " line " + no + ": expected 'name<TAB>reason': " + line);
      }
      out.put(TextNormalizer.get().normalize(line.substring(0, tab)), line.substring(tab + 1).trim());
    }
    return out;
  }
}
