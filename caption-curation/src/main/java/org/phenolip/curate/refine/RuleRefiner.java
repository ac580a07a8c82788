package org.phenolip.curate.refine;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Rule-based caption cleaning, the default refinement (and the fallback when an LLM answer fails):
 * removes figure/panel references, arrow and asterisk annotations, scale bars, magnifications and
 * statistics, so the text describes what the panel shows. Versioned: the version goes into provenance.
 */
public final class RuleRefiner implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String VERSION = "rules-v1";

  private static final Pattern[] DROP = {
      // parenthesised annotations: (arrow), (arrows), (white arrowhead), (asterisk), (*), (A), (a–c), (see Fig. 2)
      Pattern.compile("(?i)\\s*\\((?:[^()]*\\b(?:arrows?|arrowheads?|asterisks?|stars?|circles?|see|fig\\.?|figure|panels?)\\b[^()]*|\\*+|[A-Za-z](?:\\s*[-–,]\\s*[A-Za-z])*)\\)"),
      // scale bars and magnifications
      Pattern.compile("(?i)\\s*scale bars?\\s*(?:=|:|represents?|indicates?|are|is)?\\s*[0-9.]+\\s*(?:µm|μm|um|mm|cm|nm)\\.?"),
      Pattern.compile("(?i)\\s*[,;(]?\\s*(?:original )?magnification\\s*[:×x]?\\s*[×x]?\\s*\\d+\\s*[×x]?\\)?"),
      // statistics: p values, n =, error bars, "*, p < 0.05"
      Pattern.compile("(?i)\\s*\\*+\\s*,?\\s*p\\s*[<>=≤]\\s*0?\\.\\d+;?"),
      Pattern.compile("(?i)\\s*\\(?\\bp\\s*[<>=≤]\\s*0?\\.\\d+\\)?"),
      Pattern.compile("(?i)\\s*\\bn\\s*=\\s*\\d[\\d,–-]*(?:\\s*(?:mice|patients|cells|rats)(?:/group)?)?"),
      Pattern.compile("(?i)[^.]*\\b(?:error bars|results were analy[sz]ed|one-way anova|two-way anova|t test)\\b[^.]*\\.?"),
  };

  public String refine(String text) {
    if (text == null) return "";
    String t = text;
    for (Pattern p : DROP) t = p.matcher(t).replaceAll("");
    t = t.replaceAll("\\s+([,.;:])", "$1").replaceAll("([,;:])\\1+", "$1").replaceAll("\\.{2,}", ".")
        .replaceAll("\\s{2,}", " ").replaceAll("^[,;:. ]+", "").replaceAll("[,;: ]+$", "").strip();
    if (!t.isEmpty() && !t.endsWith(".")) t = t + ".";
    return t;
  }
}
