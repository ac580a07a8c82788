package org.phenolip.kg.ontology;


/** One is_a edge between two HPO classes (row layout: core PhenoKg.EDGE). */
public record IsA(String child, String parent, String relation) {
  public static final String IS_A = "is_a";

  public IsA(String child, String parent) {
    this(child, parent, IS_A);
  }
}
