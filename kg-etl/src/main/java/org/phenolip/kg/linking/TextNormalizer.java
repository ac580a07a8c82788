package org.phenolip.kg.linking;

import java.util.Map;
import java.util.Set;

/**
 * The one normalisation applied to dictionary names and to captions, so that both sides meet:
 * <ul>
 *   <li>tokens are maximal runs of letters or digits ({@link Character#isLetterOrDigit});
 *       hyphens, slashes, apostrophes, punctuation and white space all separate tokens
 *       ("T2-weighted" = "t2 weighted", "Crohn's" = "crohn s");</li>
 *   <li>case is folded per character ({@link Character#toLowerCase(char)}: one char in, one out,
 *       which keeps the offset map simple);</li>
 *   <li>plurals are folded per token, see {@link #foldPlural}; tokens of 3 characters or less
 *       are never folded ("gas", "was", "its").</li>
 * </ul>
 * Every token keeps its original character span; '.', '!', '?' and ';' followed by a
 * non-alphanumeric character (not "2.5") mark a sentence/clause break for negation scopes.
 * Stateless and thread-safe.
 */
public final class TextNormalizer {

  /**
   * Tokens ending in s that are singular (or mass nouns, or function words that negation
   * triggers rely on) and are never folded. Words ending in -ss, -us, -is are kept by rule.
   */
  public static final Set<String> NOT_PLURAL = Set.of(
      "series", "species", "caries", "rabies", "scabies", "herpes", "diabetes", "ascites",
      "hydrops", "biceps", "triceps", "quadriceps", "situs", "lens", "pancreas", "atlas", "bias",
      "always", "perhaps", "whereas", "towards", "afterwards", "mumps", "measles", "rickets",
      "shingles", "news", "feces", "faeces", "nares", "menses", "pes", "pubes", "dens",
      "lupus", "thus", "plus", "torticollis", "abdominis", "cutis", "adipes", "axes", "calvaria",
      "sepsis", "mellitus", "fetus", "foetus", "status", "nucleus", "corpus", "uterus", "ductus",
      "meatus", "tarsus", "versus", "virus", "sinus", "hiatus", "stratus", "bronchus", "oesophagus",
      "esophagus", "thymus", "plexus", "humerus");

  /** Irregular and Latin/Greek plurals common in clinical text (plural → singular). */
  public static final Map<String, String> IRREGULAR = Map.ofEntries(
      Map.entry("teeth", "tooth"), Map.entry("feet", "foot"), Map.entry("children", "child"),
      Map.entry("lenses", "lens"), Map.entry("testes", "testis"),
      Map.entry("metastases", "metastasis"), Map.entry("stenoses", "stenosis"),
      Map.entry("diagnoses", "diagnosis"), Map.entry("anastomoses", "anastomosis"),
      Map.entry("exostoses", "exostosis"), Map.entry("analyses", "analysis"),
      Map.entry("synostoses", "synostosis"), Map.entry("ankyloses", "ankylosis"),
      Map.entry("thromboses", "thrombosis"), Map.entry("ectases", "ectasis"),
      Map.entry("phalanges", "phalanx"), Map.entry("bronchi", "bronchus"),
      Map.entry("emboli", "embolus"), Map.entry("thrombi", "thrombus"),
      Map.entry("calculi", "calculus"), Map.entry("nuclei", "nucleus"), Map.entry("foci", "focus"),
      Map.entry("sulci", "sulcus"), Map.entry("gyri", "gyrus"), Map.entry("fungi", "fungus"),
      Map.entry("ganglia", "ganglion"), Map.entry("diverticula", "diverticulum"),
      Map.entry("septa", "septum"), Map.entry("atria", "atrium"), Map.entry("ostia", "ostium"),
      Map.entry("foramina", "foramen"), Map.entry("lumina", "lumen"), Map.entry("stomata", "stoma"),
      Map.entry("carcinomata", "carcinoma"), Map.entry("indices", "index"),
      Map.entry("appendices", "appendix"), Map.entry("cervices", "cervix"),
      Map.entry("apices", "apex"), Map.entry("vertices", "vertex"), Map.entry("cortices", "cortex"),
      Map.entry("women", "woman"));

  /** Hash codes of every NOT_PLURAL and IRREGULAR word: a token makes a String only on a hit. */
  private static final int[] SPECIAL = java.util.stream.Stream
      .concat(NOT_PLURAL.stream(), IRREGULAR.keySet().stream())
      .mapToInt(String::hashCode).sorted().distinct().toArray();

  /**
   * A one-probe filter in front of SPECIAL: almost every token misses it, and a binary search
   * per token (its branches unpredictable) was a fifth of the normaliser's time.
   */
  private static final long[] SPECIAL_FILTER = new long[64];

  static {
    for (int h : SPECIAL) SPECIAL_FILTER[filterBit(h) >>> 6] |= 1L << filterBit(h);
  }

  private static int filterBit(int h) {
    h *= 0x9E3779B9;
    return h >>> 20;   // 12 bits
  }

  private static boolean isSpecial(int h) {
    int b = filterBit(h);
    return (SPECIAL_FILTER[b >>> 6] & (1L << b)) != 0 && java.util.Arrays.binarySearch(SPECIAL, h) >= 0;
  }

  private static final TextNormalizer INSTANCE = new TextNormalizer();

  public static TextNormalizer get() { return INSTANCE; }

  private TextNormalizer() {}

  /** Normalised form of a dictionary name or trigger phrase, without padding. */
  public String normalize(CharSequence text) {
    return apply(text.toString()).normalized();
  }

  public NormalizedText apply(String text) {
    int n = text.length();
    char[] out = new char[2 * n + 2];
    int[] normStart = new int[n / 2 + 2];
    int[] normEnd = new int[normStart.length];
    int[] hashes = new int[normStart.length];
    int[] origStart = new int[normStart.length];
    int[] origEnd = new int[normStart.length];
    boolean[] breakAfter = new boolean[normStart.length];
    int len = 0, tokens = 0;
    out[len++] = ' ';
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (lowerOrZero(c) != 0) {
        int os = i, ns = len, h = 0;
        char lc;
        while (i < n && (lc = lowerOrZero(text.charAt(i))) != 0) {
          out[len++] = lc;
          h = 31 * h + lc;
          i++;
        }
        int folded = foldPlural(out, ns, len, h);
        if (folded != len || isSpecial(h)) {   // "stenoses" → "stenosis"
          len = folded;
          h = 0;
          for (int k = ns; k < len; k++) h = 31 * h + out[k];
        }
        normEnd[tokens] = len;
        hashes[tokens] = h;
        out[len++] = ' ';
        normStart[tokens] = ns;
        origStart[tokens] = os;
        origEnd[tokens] = i;
        tokens++;
      } else {
        if ((c == '.' || c == '!' || c == '?' || c == ';') && tokens > 0
            && (i + 1 == n || !Character.isLetterOrDigit(text.charAt(i + 1)))) {
          breakAfter[tokens - 1] = true;
        }
        i++;
      }
    }
    return new NormalizedText(text, out, len, normStart, normEnd, hashes, origStart, origEnd, breakAfter, tokens);
  }

  /** ASCII letters and digits lower-cased, 0 for every other ASCII char: one load per char. */
  private static final char[] ASCII_LOWER = new char[128];

  static {
    for (char c = 0; c < 128; c++) ASCII_LOWER[c] = Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : 0;
  }

  /** The lower-cased char if c is a letter or digit, else 0 (the same answer as Character's). */
  private static char lowerOrZero(char c) {
    if (c < 128) return ASCII_LOWER[c];
    return Character.isLetterOrDigit(c) ? lowerNonZero(c) : 0;
  }

  private static char lowerNonZero(char c) {
    char l = Character.toLowerCase(c);
    return l == 0 ? c : l;
  }

  /**
   * Folds the lower-cased token {@code buf[s, e)} to its singular in place and returns the new end.
   * Rules, in order: length ≤ 3 kept; {@link #NOT_PLURAL} kept; {@link #IRREGULAR}; -ies → -y;
   * -sses, -xes, -zzes, -shes → drop "es"; -ches → drop "es" after a consonant or a vowel pair
   * ("patches", "pouches") else drop "s" ("headaches"); -ae → -a ("vertebrae"); -ss, -us, -is
   * kept; other -s → drop "s" ("diseases" → "disease", "cases" → "case"). Not the bare "-ses →"
   * rule: that would make "diseases" "diseas" while the singular stays "disease".
   */
  static int foldPlural(char[] buf, int s, int e, int hash) {
    int n = e - s;
    if (n <= 3) return e;
    char last = buf[e - 1];
    if (last != 's' && last != 'e' && last != 'i' && last != 'a' && last != 'h' && last != 't'
        && last != 'n') {
      return e;
    }
    if (isSpecial(hash)) {
      String word = new String(buf, s, n);
      if (NOT_PLURAL.contains(word)) return e;
      String singular = IRREGULAR.get(word);
      if (singular != null) {
        singular.getChars(0, singular.length(), buf, s);
        return s + singular.length();
      }
    }
    if (last == 'e') {
      if (n > 4 && buf[e - 2] == 'a') return e - 1;   // vertebrae → vertebra
      return e;
    }
    if (last != 's') return e;
    char p1 = buf[e - 2];
    if (p1 == 's' || p1 == 'u' || p1 == 'i') return e;              // mass, fetus, stenosis
    if (p1 == 'e' && n > 4) {
      char p2 = buf[e - 3];
      if (p2 == 'i') {                                              // arteries → artery
        buf[e - 3] = 'y';
        return e - 2;
      }
      if (p2 == 'x' || (p2 == 's' && buf[e - 4] == 's') || (p2 == 'z' && buf[e - 4] == 'z')) {
        return e - 2;                                               // boxes, masses
      }
      if (p2 == 'h' && (buf[e - 4] == 's' || buf[e - 4] == 'c')) {
        if (buf[e - 4] == 's') return e - 2;                        // rashes
        char before = n > 5 ? buf[e - 5] : 'a';
        boolean vowel = isVowel(before);
        boolean vowelPair = vowel && n > 6 && isVowel(buf[e - 6]);
        if (!vowel || vowelPair) return e - 2;                      // patches, pouches
        return e - 1;                                               // headaches
      }
    }
    return e - 1;
  }

  private static boolean isVowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }
}
