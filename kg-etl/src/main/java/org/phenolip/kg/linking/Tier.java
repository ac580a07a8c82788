package org.phenolip.kg.linking;

import java.util.Locale;

/**
 * How a mention was matched, best first. The confidence is a prior per tier, not a calibrated
 * probability: the ROCO silver standard (UMLS CUIs, see {@code RocoEvaluation}) cannot rank the
 * tiers, since it lacks most specific terms and acronyms (measured silver precision: label 0.38,
 * exact 0.46, acronym 0.08 of 38, related 0.45 of 58). The order follows the names' provenance:
 * labels and exact synonyms are curated names of the term; an abbreviation defined in the same
 * text ("ventricular septal defect (VSD)") is as reliable as its long form but one step removed;
 * an acronym-like exact synonym used alone ("ASD") is often another concept; related synonyms
 * are, by HPO's own scope, only related.
 */
public enum Tier {
  LABEL(0.95),
  EXACT(0.90),
  ABBREVIATION(0.85),
  ACRONYM(0.60),
  RELATED(0.50);

  private final double confidence;

  Tier(double confidence) { this.confidence = confidence; }

  public double confidence() { return confidence; }

  /** Lower-case name as stored in Parquet ("label", "exact", ...). */
  public String key() { return name().toLowerCase(Locale.ROOT); }
}
