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
 * @param negated     inside a NegEx scope ("no evidence of X", "X was excluded"): callers that
 *                    build image–phenotype pairs drop these
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

  Mention withNegated(boolean value) {
    return value == negated ? this : new Mention(hpoId, matchedText, start, end, tier, confidence, value);
  }
}
