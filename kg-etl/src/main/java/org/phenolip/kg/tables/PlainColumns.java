package org.phenolip.kg.tables;

import static org.apache.spark.sql.functions.base64;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Makes every column fit a flat text cell (CSV, a printed table): arrays, structs and maps become
 * their JSON text and binary (image bytes) becomes Base64, so nothing is lost and a CSV reader
 * can turn a cell back with a JSON or Base64 decoder. Scalars are kept as they are.
 */
public final class PlainColumns {
  private PlainColumns() {}

  public static Dataset<Row> of(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      if (f.dataType() instanceof BinaryType) c = base64(c);
      else if (f.dataType() instanceof ArrayType || f.dataType() instanceof StructType || f.dataType() instanceof MapType) c = to_json(c);
      cols.add(c.as(f.name()));
    }
    return df.select(cols.toArray(Column[]::new));
  }

  /** Drops binary columns (image bytes), for exports and listings without images. */
  public static Dataset<Row> withoutBinary(Dataset<Row> df) {
    List<String> drop = new ArrayList<>();
    for (StructField f : df.schema().fields()) if (f.dataType() instanceof BinaryType) drop.add(f.name());
    return drop.isEmpty() ? df : df.drop(drop.toArray(String[]::new));
  }
}
