package org.phenolip.core.schema;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Validates a stage's input schema before it runs, as MLlib stages do in transformSchema. */
public final class SchemaCheck {
  private SchemaCheck() {}

  /** Throws IllegalArgumentException naming every required column that is missing or of another type. */
  public static void require(String what, StructType actual, StructType required) {
    List<String> problems = new ArrayList<>();
    for (StructField f : required.fields()) {
      if (!List.of(actual.fieldNames()).contains(f.name())) {
        problems.add("missing column '" + f.name() + "' (" + f.dataType().simpleString() + ")");
        continue;
      }
      DataType got = actual.apply(f.name()).dataType();
      if (!sameShape(got, f.dataType())) {
        problems.add("column '" + f.name() + "' is " + got.simpleString() + ", expected " + f.dataType().simpleString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(what + ": input schema does not match: " + String.join("; ", problems));
    }
  }

  /** Same types ignoring nullability (Parquet round-trips make every column nullable). */
  private static boolean sameShape(DataType a, DataType b) {
    return a.asNullable().sameType(b.asNullable()) || a.simpleString().equals(b.simpleString());
  }
}
