package org.phenolip.core.schema;

import java.util.regex.Pattern;

/**
 * A normal finding as a class: "this image shows no X" for an HPO term X. HPO has no terms for
 * normal findings (it describes abnormality), so a benchmark names the class by the excluded
 * term, as HPO annotations do with their NOT qualifier: {@code NOT:HP:0002090} is "no pneumonia".
 * A figure whose caption only negates phenotypes ({@link PhenoKg#NEGATED_PAIRS}) or whose ground
 * truth is a normal class gets these as its labels.
 */
public final class ExcludedPhenotype {
  public static final String PREFIX = "NOT:";
  /** An HPO id or an excluded one. */
  public static final Pattern ID = Pattern.compile("(" + PREFIX + ")?HP:\\d{7}");

  private ExcludedPhenotype() {}

  /** The class id of "no {@code hpoId}". */
  public static String of(String hpoId) {
    if (isExcluded(hpoId)) throw new IllegalArgumentException("already an excluded phenotype: " + hpoId);
    return PREFIX + hpoId;
  }

  public static boolean isExcluded(String id) {
    return id != null && id.startsWith(PREFIX);
  }

  /** The HPO term a class id is about: itself, or the term it excludes. */
  public static String term(String id) {
    return isExcluded(id) ? id.substring(PREFIX.length()) : id;
  }

  /** The class name prompts are built from: "no " + the term's label. */
  public static String label(String termLabel) {
    return "no " + termLabel;
  }
}
