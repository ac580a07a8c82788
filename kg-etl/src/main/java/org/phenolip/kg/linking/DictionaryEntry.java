package org.phenolip.kg.linking;

import java.io.Serializable;
import java.util.Objects;

/** One name of an HPO term as it enters the dictionary: the term, the surface text, its tier. */
public record DictionaryEntry(String hpoId, String text, Tier tier) implements Serializable {

  public DictionaryEntry {
    Objects.requireNonNull(hpoId, "hpoId");
    Objects.requireNonNull(text, "text of " + hpoId);
    Objects.requireNonNull(tier, "tier of " + hpoId);
    if (tier == Tier.ABBREVIATION) {
      throw new IllegalArgumentException("tier ABBREVIATION is only given to abbreviations defined "
          + "in a text, not to dictionary entries (" + hpoId + " '" + text + "')");
    }
  }
}
