package org.phenolip.kg.ontology;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** One is_a edge between two HPO classes (row layout: core PhenoKg.EDGE). */
public record IsA(String child, String parent, String relation) {
  public static final String IS_A = "is_a";

  public IsA(String child, String parent) {
    this(child, parent, IS_A);
  }

  public Row toRow() {
    return RowFactory.create(child, parent, relation);
  }
}
