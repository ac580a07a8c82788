package org.phenolip.kg.linking;

import java.util.ArrayList;
import java.util.List;

/**
 * Abbreviations defined in a text, after Schwartz &amp; Hearst (PSB 2003, "A simple algorithm for
 * identifying abbreviation definitions in biomedical text"): a parenthesis either holds the short
 * form after its long form, "ventricular septal defect (VSD)", or the long form after its short
 * form, "VSD (ventricular septal defect)". The short form is 2–10 characters, at most two
 * words, starts with a letter or digit and has a letter; the long form is the shortest run of
 * the at most min(|SF| + 5, 2·|SF|) preceding words in which every letter/digit of the short form
 * is found in order, right to left, the first one at the start of a word. Stateless.
 */
public final class AbbreviationDetector {

  /**
   * One definition; spans are original-text character offsets, ends exclusive.
   *
   * @param definitionEnd end of the whole "LF (SF)" / "SF (LF)" construct (after ')'); later
   *                      occurrences of the short form are searched from here
   */
  public record Abbreviation(String shortForm, int shortStart, int shortEnd,
                             String longForm, int longStart, int longEnd, int definitionEnd) {}

  private static final AbbreviationDetector INSTANCE = new AbbreviationDetector();

  public static AbbreviationDetector get() { return INSTANCE; }

  private AbbreviationDetector() {}

  public List<Abbreviation> detect(String text) {
    List<Abbreviation> out = new ArrayList<>(2);
    int open = text.indexOf('(');
    while (open >= 0) {
      int close = text.indexOf(')', open + 1);
      if (close < 0) break;
      int nextOpen = text.indexOf('(', open + 1);
      if (nextOpen >= 0 && nextOpen < close) {   // nested: restart at the inner one
        open = nextOpen;
        continue;
      }
      Abbreviation a = definitionAt(text, open, close);
      if (a != null) out.add(a);
      open = text.indexOf('(', close + 1);
    }
    return out;
  }

  private Abbreviation definitionAt(String text, int open, int close) {
    // Inside the parentheses, only the part before the first ';' or ',' (", e.g.", "; n = 3").
    int innerEnd = close;
    for (int i = open + 1; i < close; i++) {
      char c = text.charAt(i);
      if (c == ';' || c == ',') { innerEnd = i; break; }
    }
    int[] inner = trim(text, open + 1, innerEnd);
    if (inner[0] >= inner[1]) return null;
    String innerText = text.substring(inner[0], inner[1]);
    int innerWords = words(innerText);
    if (innerWords <= 2 && isShortForm(innerText)) {
      // "long form (SF)": candidates are the words before '(' in the same sentence.
      int maxWords = Math.min(innerText.length() + 5, 2 * innerText.length());
      int regionStart = wordsBack(text, open, maxWords);
      int[] region = trim(text, regionStart, open);
      if (region[0] >= region[1]) return null;
      int lfStart = bestLongForm(innerText, text, region[0], region[1]);
      if (lfStart < 0) return null;
      String lf = text.substring(lfStart, region[1]);
      if (!validPair(innerText, lf)) return null;
      return new Abbreviation(innerText, inner[0], inner[1], lf, lfStart, region[1], close + 1);
    }
    // "SF (long form)": the short form is the word just before '('.
    int[] sf = previousWord(text, open);
    if (sf == null) return null;
    String sfText = text.substring(sf[0], sf[1]);
    if (!isShortForm(sfText) || innerWords > Math.min(sfText.length() + 5, 2 * sfText.length())) return null;
    int lfStart = bestLongForm(sfText, text, inner[0], inner[1]);
    if (lfStart != inner[0]) return null;   // the whole parenthesis must be the long form
    String lf = innerText;
    if (!validPair(sfText, lf)) return null;
    return new Abbreviation(sfText, sf[0], sf[1], lf, inner[0], inner[1], close + 1);
  }

  static boolean isShortForm(String s) {
    if (s.length() < 2 || s.length() > 10) return false;
    if (!Character.isLetterOrDigit(s.charAt(0))) return false;
    boolean letter = false, capital = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      letter |= Character.isLetter(c);
      capital |= Character.isUpperCase(c);
    }
    // Schwartz–Hearst only ask for a letter; requiring a capital keeps "(left)", "(arrow)",
    // "(n)" out, which captions are full of.
    return letter && capital;
  }

  private static boolean validPair(String sf, String lf) {
    if (lf.length() <= sf.length()) return false;
    // The long form must not contain the short form as a word ("MRI (MRI scan)").
    int i = lf.indexOf(sf);
    while (i >= 0) {
      boolean startOk = i == 0 || !Character.isLetterOrDigit(lf.charAt(i - 1));
      int e = i + sf.length();
      boolean endOk = e == lf.length() || !Character.isLetterOrDigit(lf.charAt(e));
      if (startOk && endOk) return false;
      i = lf.indexOf(sf, i + 1);
    }
    return true;
  }

  /**
   * Schwartz–Hearst's findBestLongForm over {@code text[from, to)}: returns the start of the
   * long form, or -1.
   */
  static int bestLongForm(String sf, String text, int from, int to) {
    int s = sf.length() - 1;
    int l = to - 1;
    while (s >= 0) {
      char c = Character.toLowerCase(sf.charAt(s));
      if (!Character.isLetterOrDigit(c)) {
        s--;
        continue;
      }
      while ((l >= from && Character.toLowerCase(text.charAt(l)) != c)
          || (s == 0 && l > from && Character.isLetterOrDigit(text.charAt(l - 1)))) {
        l--;
      }
      if (l < from) return -1;
      l--;
      s--;
    }
    // Back to the start of the word holding the first match.
    int start = l + 1;
    while (start > from && !Character.isWhitespace(text.charAt(start - 1))) start--;
    return start;
  }

  /** Start of the region holding at most n words before {@code end}, not crossing a sentence end. */
  private static int wordsBack(String text, int end, int n) {
    int i = end;
    int words = 0;
    boolean inWord = false;
    while (i > 0) {
      char c = text.charAt(i - 1);
      if (c == ';' || c == ':' || c == ')' || c == '(' || c == '!' || c == '?') break;
      if (c == '.' && Character.isWhitespace(text.charAt(i))) break;   // not "2.5", "e.g"
      if (Character.isWhitespace(c)) {
        if (inWord) {
          words++;
          if (words == n) break;
        }
        inWord = false;
      } else {
        inWord = true;
      }
      i--;
    }
    return i;
  }

  private static int[] previousWord(String text, int open) {
    int e = open;
    while (e > 0 && Character.isWhitespace(text.charAt(e - 1))) e--;
    int s = e;
    while (s > 0 && !Character.isWhitespace(text.charAt(s - 1))) s--;
    // Strip punctuation around it ("VSD," is not a short form; "(VSD" cannot occur here).
    while (s < e && !Character.isLetterOrDigit(text.charAt(s))) s++;
    while (e > s && !Character.isLetterOrDigit(text.charAt(e - 1))) e--;
    return s < e ? new int[] {s, e} : null;
  }

  private static int[] trim(String text, int s, int e) {
    while (s < e && Character.isWhitespace(text.charAt(s))) s++;
    while (e > s && Character.isWhitespace(text.charAt(e - 1))) e--;
    return new int[] {s, e};
  }

  private static int words(String s) {
    int n = 0;
    boolean in = false;
    for (int i = 0; i < s.length(); i++) {
      boolean ws = Character.isWhitespace(s.charAt(i));
      if (!ws && !in) n++;
      in = !ws;
    }
    return n;
  }
}
