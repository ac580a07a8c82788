package org.phenolip.eval.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Names of the embedding kinds and the Parquet layout of {@code --save-embeddings}. Embedding
 * itself is done by the Spark ML stages {@link ImageEmbedder} and {@link TextEmbedder}.
 */
public final class SparkEmbedder {
  public static final String IMAGE = "image";
  public static final String CAPTION = "caption";
  public static final String PHENOTYPE = "phenotype";
  public static final String PROMPT = "prompt";

  /** The Parquet layout of {@code --save-embeddings}. */
  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("kind", DataTypes.StringType, false)
      .add("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  public record Embedded(String id, String kind, float[] vector) implements java.io.Serializable {}

  private SparkEmbedder() {}

  public static void save(SparkSession spark, String path, List<Embedded> rows) {
    List<Row> r = new ArrayList<>(rows.size());
    for (Embedded e : rows) {
      Float[] boxed = new Float[e.vector().length];
      for (int i = 0; i < boxed.length; i++) boxed[i] = e.vector()[i];
      r.add(RowFactory.create(e.id(), e.kind(), org.phenolip.core.schema.Rows.seq(java.util.Arrays.asList(boxed))));
    }
    spark.createDataFrame(r, SCHEMA).write().mode("overwrite").parquet(path);
  }

  public static List<Embedded> load(SparkSession spark, String path) {
    Dataset<Row> df = spark.read().parquet(path);
    org.phenolip.core.schema.SchemaCheck.require("embeddings " + path, df.schema(), SCHEMA);
    List<Embedded> out = new ArrayList<>();
    for (Row row : df.select("id", "kind", "vector").collectAsList()) {
      List<Float> l = row.getList(2);
      float[] v = new float[l.size()];
      for (int i = 0; i < v.length; i++) v[i] = l.get(i);
      out.add(new Embedded(row.getString(0), row.getString(1), v));
    }
    return out;
  }
}
