package org.phenolip.kg.pmc;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Deliberately breaks the kg core rule (a pmc class using Spark), for ArchitectureTest. Test sources only. */
public final class SparkInThePmcCore {
  private SparkInThePmcCore() {}

  public static Row row(String id) {
    return RowFactory.create(id);
  }
}
