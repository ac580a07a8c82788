package org.phenolip.kg.linking;

import java.io.Serializable;
import java.util.Objects;

/**
 * One phenotype mention in a text.
 *
 * @param hpoId       {@code HP:0001629} form
 * @param matchedText the original characters {@code text.substring(start, end)}
 * @param start       first character in the original text (inclusive)
 * @param end         last character in the original text (exclusive)
 * @param tier        how it was matched
 * @param confidence  {@link Tier#confidence()} of the tier
 * @param negated     inside a NegEx scope ("no evidence of X", "X was excluded"): never an
 *                    image–phenotype pair; a figure with only these is a normal finding
 */
public record Mention(String hpoId, String matchedText, int start, int end, Tier tier,
                      double confidence, boolean negated) implements Serializable {

  public Mention {
    Objects.requireNonNull(hpoId, "hpoId");
    Objects.requireNonNull(matchedText, "matchedText");
    Objects.requireNonNull(tier, "tier");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + "," + end + ") for " + hpoId);
    }
  }

  /** The most confident mention per term among those with {@code negated} as given, in first-seen order. */
  public static java.util.List<Mention> bestPerTerm(java.util.List<Mention> mentions, boolean negated) {
    java.util.Map<String, Mention> best = new java.util.LinkedHashMap<>();
    for (Mention m : mentions) {
      if (m.negated() == negated) best.merge(m.hpoId(), m, (a, b) -> b.confidence() > a.confidence() ? b : a);
    }
    return java.util.List.copyOf(best.values());
  }

  Mention withNegated(boolean value) {
    return value == negated ? this : new Mention(hpoId, matchedText, start, end, tier, confidence, value);
  }
}
