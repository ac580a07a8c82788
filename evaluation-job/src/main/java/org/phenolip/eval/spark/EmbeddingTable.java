package org.phenolip.eval.spark;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one way embeddings reach the driver: a key column and a vector column, nothing else (image
 * bytes and other columns stay on the executors).
 */
public final class EmbeddingTable {
  private EmbeddingTable() {}

  /** What {@link #collect} gathers: {@code key} (string or long) and {@code vector} only. */
  public static Dataset<Row> toDriver(Dataset<Row> embedded, String keyCol, String vectorCol) {
    Dataset<Row> d = embedded.select(embedded.col(keyCol).as("key"), embedded.col(vectorCol).as("vector"));
    StructType s = d.schema();
    if (!s.apply("vector").dataType().equals(EmbedderStage.VECTOR)) {
      throw new IllegalArgumentException("column '" + vectorCol + "' is " + s.apply("vector").dataType().simpleString() + ", not array<float>");
    }
    if (s.apply("key").dataType().equals(DataTypes.BinaryType)) throw new IllegalArgumentException("key column '" + keyCol + "' is binary");
    return d;
  }

  /** key (as a string) → vector, in the order the rows arrive; a repeated key is an error. */
  public static Map<String, float[]> collect(Dataset<Row> embedded, String keyCol, String vectorCol) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Row r : toDriver(embedded, keyCol, vectorCol).collectAsList()) {
      String key = String.valueOf(r.get(0));
      if (out.put(key, floats(r.getList(1))) != null) throw new IllegalStateException("key " + key + " embedded twice");
    }
    return out;
  }

  static float[] floats(List<Float> l) {
    float[] v = new float[l.size()];
    for (int i = 0; i < v.length; i++) v[i] = l.get(i);
    return v;
  }
}
