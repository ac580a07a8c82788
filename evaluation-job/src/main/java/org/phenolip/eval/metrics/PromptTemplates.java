package org.phenolip.eval.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * The prompt templates of zero-shot classification and phenotype retrieval. Each phenotype's
 * class embedding is the open_clip recipe: embed every template filled with the phenotype
 * name, L2-normalise each, average, L2-normalise the mean ({@link Vectors#meanOfNormalized}).
 */
public final class PromptTemplates {
  private PromptTemplates() {}

  /** The documented default set; {@code {}} is replaced by the phenotype's label (lower case). */
  public static final List<String> DEFAULT = List.of(
      "{}",
      "{}.",
      "an image of {}.",
      "a photo showing {}.",
      "a medical image showing {}.",
      "a clinical photograph of a patient with {}.",
      "a radiograph showing {}.",
      "a microscopy image showing {}.",
      "this image shows signs of {}.",
      "findings consistent with {}.");

  public static List<String> fill(List<String> templates, String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT).trim();
    List<String> out = new ArrayList<>(templates.size());
    for (String t : templates) {
      if (!t.contains("{}")) throw new IllegalArgumentException("prompt template without {}: '" + t + "'");
      out.add(t.replace("{}", n));
    }
    return out;
  }
}
