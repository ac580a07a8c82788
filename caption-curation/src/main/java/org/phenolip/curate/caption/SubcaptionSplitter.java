package org.phenolip.curate.caption;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a compound figure caption into a shared preamble and one subcaption per panel.
 *
 * <p>Rules (the README lists them with examples):
 * <ol>
 *   <li>Candidate markers: parenthesised letters "(A)", "(a–c)", "(A, B)", "(A and D)", "(Panel A)";
 *       bare "A)" at a clause start; "A." / "A:" at a sentence start (capital, followed by a capital
 *       or digit); position words at a sentence start followed by ",", ":" or a panel noun
 *       ("Left, ...", "Top row: ...", "Upper panel shows ...").</li>
 *   <li>References are not markers: a marker after "in", "see", "as", "of", "from", "than", "vs", ...
 *       ("shown in (A) and (B)"), one glued to a digit ("Video 2(a–d)"), a label already used.</li>
 *   <li>Style: when the first marker opens a sentence ("(A) Axial CT ...") the text after each marker is
 *       its panel's (leading style); otherwise the text before it is ("CT (A) and MRI (B) show ...",
 *       trailing style), and the rest of that sentence is shared by its panels.</li>
 *   <li>A valid split has at least two panels, letters that start at A and increase, or at least two
 *       position words; anything else is a single, non-compound caption.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class SubcaptionSplitter implements Serializable {
  private static final long serialVersionUID = 1L;

  public enum Style { SINGLE, LEADING, TRAILING, POSITIONAL }

  /** One panel's part: its labels (upper-case letters, or position words in lower case) and text. */
  public record Subcaption(List<String> labels, String text, String fullText) implements Serializable {}

  /** The split: {@code subcaptions} has one entry (no labels, the whole caption) when not compound. */
  public record Split(String caption, String preamble, List<Subcaption> subcaptions, Style style)
      implements Serializable {
    public boolean compound() { return style != Style.SINGLE; }

    public List<String> allLabels() {
      List<String> out = new ArrayList<>();
      for (Subcaption s : subcaptions) out.addAll(s.labels());
      return out;
    }
  }

  private static final String DASH = "[-\u2010\u2011\u2012\u2013\u2014]";
  private static final String SEP = "\\s*(?:" + DASH + "|,|;|&|\\band\\b|\\bto\\b)\\s*";
  private static final Pattern PAREN = Pattern.compile(
      "\\((?:[Pp]anels?\\s+)?([A-Za-z](?:" + SEP + "[A-Za-z])*)\\)");
  private static final Pattern BARE = Pattern.compile("(?<![\\w(\\[\u2019'])([A-Za-z])\\)(?=\\s|$)");
  private static final Pattern DOT = Pattern.compile("(?<![\\w.])(?:[Pp]anel\\s+)?([A-Z])[.:](?=\\s+[A-Z0-9(\\[])|(?<![\\w.])([a-z]):(?=\\s)");
  private static final String POS = "(?:top|bottom|upper|lower|middle|center|centre|left|right|far left|far right)";
  private static final Pattern POSITION = Pattern.compile(
      "(?i)(" + POS + "(?:[\\s-]+(?:and\\s+)?" + POS + ")*)(\\s+(?:panels?|rows?|columns?|images?|insets?))?(?=\\s*([,:)]|\\s))");
  private static final Set<String> REFERENCE_WORDS = Set.of(
      "in", "see", "as", "of", "from", "than", "vs", "vs.", "versus", "cf", "cf.", "with", "to", "on", "at",
      "by", "like", "into", "onto", "within", "under", "inset", "insets", "panel", "panels", "fig", "fig.",
      "figure", "figures", "also");

  private record Marker(int start, int end, List<String> labels, boolean position, boolean bare) {}

  public Split split(String caption) {
    if (caption == null || caption.isBlank()) {
      return single(caption == null ? "" : caption);
    }
    String c = caption;
    List<Marker> letters = letterMarkers(c);
    Split s = letters.isEmpty() ? null : splitLetters(c, letters);
    if (s != null) return s;
    List<Marker> pos = positionMarkers(c);
    if (pos.size() >= 2) {
      // "(left) ... (right)" inside a sentence names the panel before it, like "(A)" in trailing style
      return opensSentence(c, pos.get(0).start) ? leading(c, pos, Style.POSITIONAL) : trailing(c, pos, Style.POSITIONAL);
    }
    return single(c);
  }

  private static Split single(String c) {
    String t = c.strip();
    return new Split(c, "", List.of(new Subcaption(List.of(), t, t)), Style.SINGLE);
  }

  // ---- candidates

  private static List<Marker> letterMarkers(String c) {
    List<Marker> out = new ArrayList<>();
    Matcher m = PAREN.matcher(c);
    while (m.find()) {
      if (m.start() > 0 && Character.isDigit(c.charAt(m.start() - 1))) continue; // "Video 2(a–d)", "1(a)"
      List<String> labels = expand(m.group(1));
      if (labels != null) out.add(new Marker(m.start(), m.end(), labels, false, false));
    }
    m = BARE.matcher(c);
    while (m.find()) {
      if (clauseStart(c, m.start())) out.add(new Marker(m.start(), m.end(), List.of(up(m.group(1))), false, true));
    }
    m = DOT.matcher(c);
    while (m.find()) {
      String g = m.group(1) != null ? m.group(1) : m.group(2);
      if (sentenceStart(c, m.start())) out.add(new Marker(m.start(), m.end(), List.of(up(g)), false, true));
    }
    out.sort((a, b) -> Integer.compare(a.start, b.start));
    return out;
  }

  private static List<Marker> positionMarkers(String c) {
    List<Marker> out = new ArrayList<>();
    Matcher m = POSITION.matcher(c);
    while (m.find()) {
      boolean noun = m.group(2) != null;
      String after = m.group(3);
      boolean paren = m.start() > 0 && c.charAt(m.start() - 1) == '(' && ")".equals(after);
      if (!paren && !(sentenceStart(c, m.start()) && (noun || ",".equals(after) || ":".equals(after)))) continue;
      int end = m.end();
      while (end < c.length() && (c.charAt(end) == ':' || c.charAt(end) == ',' || c.charAt(end) == ')')) end++;
      int start = paren ? m.start() - 1 : m.start();
      String label = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[\\s-]+", " ");
      out.add(new Marker(start, end, List.of(label), true, true));
    }
    // distinct labels only: "Left, ... Right, ..." is two panels; "Left, ... left, ..." is not a split
    Set<String> seen = new LinkedHashSet<>();
    out.removeIf(x -> !seen.add(x.labels.get(0)));
    return out;
  }

  /** "a–c" → [A, B, C]; "A, B" → [A, B]; "A and D" → [A, D]; null for a descending range. */
  static List<String> expand(String spec) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?i)\\b(and)\\b|\\b(to)\\b|([A-Za-z])|(" + DASH + ")").matcher(spec);
    boolean range = false;
    char prev = 0;
    Boolean upper = null;
    while (m.find()) {
      if (m.group(3) != null) {
        char ch = m.group(3).charAt(0);
        if (upper == null) upper = Character.isUpperCase(ch);
        else if (Character.isUpperCase(ch) != upper) return null; // mixed case is not a label list
        char u = Character.toUpperCase(ch);
        if (range) {
          if (u <= prev) return null;
          for (char x = (char) (prev + 1); x <= u; x++) out.add(String.valueOf(x));
          range = false;
        } else {
          out.add(String.valueOf(u));
        }
        prev = u;
      } else if (m.group(2) != null || m.group(4) != null) {
        range = !out.isEmpty();
      }
    }
    return out.isEmpty() ? null : out;
  }

  // ---- letter markers: references, style, sequence

  private static Split splitLetters(String c, List<Marker> cands) {
    List<Marker> kept = new ArrayList<>();
    boolean prevRef = false;
    int lastRefEnd = -1;
    for (Marker m : cands) {
      String before = wordBefore(c, m.start);
      boolean afterConj = before.equals("and") || before.equals("or") || before.equals(",") || before.equals("&");
      boolean ref = REFERENCE_WORDS.contains(before)
          || (afterConj && prevRef && m.start - lastRefEnd < 12);
      if (ref) {
        prevRef = true;
        lastRefEnd = m.end;
        continue;
      }
      prevRef = false;
      kept.add(m);
    }
    if (kept.isEmpty()) return null;
    boolean leading = opensSentence(c, kept.get(0).start);
    List<Marker> seq = sequence(c, kept, leading);
    if (seq == null) return null;
    int labels = 0;
    for (Marker m : seq) labels += m.labels.size();
    if (labels < 2) return null;
    return leading ? leading(c, seq, Style.LEADING) : trailing(c, seq, Style.TRAILING);
  }

  /**
   * Keeps markers whose labels continue the sequence A, B, C, ... (gaps allowed, never backwards or
   * repeated). In leading style a marker that does not open a clause must be the next new letter
   * ("The Venn diagram (B) shows ..."); then its panel starts at its sentence.
   */
  private static List<Marker> sequence(String c, List<Marker> kept, boolean leading) {
    List<Marker> out = new ArrayList<>();
    Set<String> used = new java.util.HashSet<>();
    for (Marker m : kept) {
      char first = m.labels.get(0).charAt(0);
      if (out.isEmpty()) {
        if (first != 'A') return null;
      } else if (m.labels.stream().anyMatch(used::contains)) {
        continue; // a repeated label: a reference ("the lesion in (A)", "Aβ42 (C)" inside "(C-D) ...")
      }
      if (leading && !out.isEmpty() && !opensClause(c, m.start, m.bare)) {
        if (first != nextUnused(used)) continue;
        int s = sentenceStartBefore(c, m.start, out.get(out.size() - 1).end);
        if (s <= out.get(out.size() - 1).end) continue; // same sentence as the previous panel: a reference
        m = new Marker(s, m.end, m.labels, false, m.bare);      // the panel's text starts at its sentence; marker text removed below
      }
      out.add(m);
      used.addAll(m.labels);
    }
    return out;
  }

  private static char nextUnused(Set<String> used) {
    char ch = 'A';
    while (used.contains(String.valueOf(ch))) ch++;
    return ch;
  }

  // ---- building subcaptions

  private static Split leading(String c, List<Marker> ms, Style style) {
    String preamble = clean(c.substring(0, ms.get(0).start));
    List<Subcaption> subs = new ArrayList<>();
    for (int i = 0; i < ms.size(); i++) {
      Marker m = ms.get(i);
      int to = i + 1 < ms.size() ? ms.get(i + 1).start : c.length();
      String body = c.substring(m.start, to);
      // drop the marker itself (it is at the start unless the panel starts at its sentence)
      String markerText = c.substring(Math.max(m.start, m.end - markerLength(c, m)), m.end);
      int at = body.indexOf(markerText);
      if (at >= 0) body = body.substring(0, at) + " " + body.substring(at + markerText.length());
      String text = clean(body);
      subs.add(new Subcaption(m.labels, text, join(preamble, text)));
    }
    return new Split(c, preamble, List.copyOf(subs), style);
  }

  private static int markerLength(String c, Marker m) {
    // the marker token is the last parenthesised group or the label with its punctuation
    int open = c.lastIndexOf('(', m.end - 1);
    if (open >= m.start && c.charAt(m.end - 1) == ')') return m.end - open;
    return m.end - m.start;
  }

  private static Split trailing(String c, List<Marker> ms, Style style) {
    int firstSentence = sentenceStartBefore(c, ms.get(0).start, 0);
    String preamble = clean(c.substring(0, firstSentence));
    List<Subcaption> subs = new ArrayList<>();
    int i = 0;
    int lastEnd = firstSentence;
    while (i < ms.size()) {
      int sentEnd = sentenceEnd(c, ms.get(i).start);
      int j = i;
      while (j + 1 < ms.size() && ms.get(j + 1).start < sentEnd) j++;
      String tail = clean(c.substring(ms.get(j).end, sentEnd));
      int from = Math.max(lastEnd, sentenceStartBefore(c, ms.get(i).start, lastEnd));
      for (int k = i; k <= j; k++) {
        Marker m = ms.get(k);
        String seg = clean(c.substring(from, m.start)).replaceFirst("^(?i)(and|or|while|whereas|but)\\s+", "");
        String text = clean(seg + " " + tail);
        subs.add(new Subcaption(m.labels, text, join(preamble, text)));
        from = m.end;
      }
      lastEnd = sentEnd;
      i = j + 1;
    }
    // sentences after the last marked one are shared by all panels
    String post = clean(c.substring(lastEnd));
    if (!post.isEmpty()) {
      List<Subcaption> withPost = new ArrayList<>();
      for (Subcaption s : subs) {
        String t = join(s.text(), post);
        withPost.add(new Subcaption(s.labels(), t, join(preamble, t)));
      }
      subs = withPost;
    }
    return new Split(c, preamble, List.copyOf(subs), style);
  }

  // ---- text positions

  private static String wordBefore(String c, int pos) {
    int e = pos;
    while (e > 0 && Character.isWhitespace(c.charAt(e - 1))) e--;
    if (e > 0 && c.charAt(e - 1) == ',') return ",";
    int s = e;
    while (s > 0 && (Character.isLetter(c.charAt(s - 1)) || c.charAt(s - 1) == '.')) s--;
    String w = c.substring(s, e).toLowerCase(Locale.ROOT);
    return w.endsWith(".") && !w.equals("cf.") && !w.equals("vs.") && !w.equals("fig.") ? "." : w;
  }

  /** Start of caption, after a sentence or clause end (. ; :), or glued to the caption title ("locations.(A)", "mice(A)"). */
  private static boolean opensSentence(String c, int pos) {
    if (sentenceStart(c, pos)) return true;
    return pos > 0 && Character.isLetter(c.charAt(pos - 1)) && c.charAt(pos) == '(';
  }

  private static boolean opensClause(String c, int pos, boolean bare) {
    if (opensSentence(c, pos)) return true;
    String w = wordBefore(c, pos);
    if (w.equals(",")) return true;
    if (bare && (w.equals("and") || w.equals("or"))) return true; // "... and d) Severin group IIa"
    if (w.equals("and") || w.equals("or")) {
      int e = pos;
      while (e > 0 && Character.isWhitespace(c.charAt(e - 1))) e--;
      e -= w.length();
      while (e > 0 && Character.isWhitespace(c.charAt(e - 1))) e--;
      return e == 0 || ",;".indexOf(c.charAt(e - 1)) >= 0 || c.charAt(e - 1) == ')';
    }
    return false;
  }

  private static boolean sentenceStart(String c, int pos) {
    int e = pos;
    while (e > 0 && Character.isWhitespace(c.charAt(e - 1))) e--;
    if (e == 0) return true;
    char p = c.charAt(e - 1);
    return p == ';' || p == ':' || p == '!' || p == '?' || (p == '.' && !decimalOrInitial(c, e - 1));
  }

  private static boolean clauseStart(String c, int pos) {
    if (sentenceStart(c, pos)) return true;
    String w = wordBefore(c, pos);
    return w.equals(",") || w.equals("and") || w.equals("or");
  }

  /** "0.05", "e.g.", "et al." and single-letter initials are not sentence ends. */
  private static boolean decimalOrInitial(String c, int dot) {
    if (dot > 0 && dot + 1 < c.length() && Character.isDigit(c.charAt(dot - 1)) && Character.isDigit(c.charAt(dot + 1))) return true;
    int s = dot;
    while (s > 0 && Character.isLetter(c.charAt(s - 1))) s--;
    String w = c.substring(s, dot).toLowerCase(Locale.ROOT);
    return w.equals("al") || w.equals("e.g") || w.equals("g") || w.equals("i.e") || w.equals("e") || w.equals("fig")
        || w.equals("vs") || w.equals("cf") || w.equals("approx") || w.equals("no");
  }

  /** The start of the sentence holding {@code pos}, not before {@code floor}. */
  private static int sentenceStartBefore(String c, int pos, int floor) {
    for (int i = pos - 1; i >= floor; i--) {
      char ch = c.charAt(i);
      if ((ch == '.' || ch == ';' || ch == '!' || ch == '?') && !(ch == '.' && decimalOrInitial(c, i))) {
        int j = i + 1;
        if (j >= c.length() || Character.isWhitespace(c.charAt(j)) || Character.isUpperCase(c.charAt(j)) || c.charAt(j) == '(') {
          while (j < pos && Character.isWhitespace(c.charAt(j))) j++;
          return j;
        }
      }
    }
    return floor;
  }

  /** Index just after the end of the sentence holding {@code pos} ("." kept), or the caption end. */
  private static int sentenceEnd(String c, int pos) {
    for (int i = pos; i < c.length(); i++) {
      char ch = c.charAt(i);
      if ((ch == '.' || ch == ';' || ch == '!' || ch == '?') && !(ch == '.' && decimalOrInitial(c, i))) {
        int j = i + 1;
        if (j >= c.length() || Character.isWhitespace(c.charAt(j)) || Character.isUpperCase(c.charAt(j))) return j;
      }
    }
    return c.length();
  }

  private static String up(String s) { return s.toUpperCase(Locale.ROOT); }

  /** Trims white space and the separators a split leaves behind (",", ";", "and" at the edges). */
  static String clean(String s) {
    String t = s.replaceAll("\\s+", " ").strip();
    t = t.replaceAll("^[,;:.\\-\u2013\u2014]+\\s*", "");
    t = t.replaceAll("(?i)[,;\\s]+(and|or)?\\s*$", "");
    t = t.replaceAll("\\(\\s*\\)", "").replaceAll("\\s+", " ").strip();
    return t;
  }

  private static String join(String a, String b) {
    if (a.isEmpty()) return b;
    if (b.isEmpty()) return a;
    char last = a.charAt(a.length() - 1);
    return last == '.' || last == ':' || last == ';' ? a + " " + b : a + ". " + b;
  }
}
