package org.phenolip.eval.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.embed.EmbeddingModel;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.embed.ModelCache;

/**
 * Embeds images and texts in parallel: the inputs are spread over partitions and each
 * partition embeds its rows in batches with the executor's one model instance
 * ({@link ModelCache}: loaded once per executor JVM, not per task or row).
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

  /** An image (path or bytes) or a text to embed; {@code kind} is carried through. */
  public record Input(String id, String kind, String text, String imagePath, byte[] image) implements Serializable {
    public static Input text(String id, String kind, String text) { return new Input(id, kind, text, null, null); }

    public static Input image(String id, String path, byte[] bytes) { return new Input(id, IMAGE, null, path, bytes); }

    boolean isImage() { return text == null; }

    byte[] bytes() {
      if (image != null) return image;
      try {
        return java.nio.file.Files.readAllBytes(java.nio.file.Path.of(imagePath));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot read image " + imagePath + " of " + id + ": " + e.getMessage(), e);
      }
    }
  }

  public record Embedded(String id, String kind, float[] vector) implements Serializable {}

  private SparkEmbedder() {}

  public static List<Embedded> embed(SparkSession spark, EmbeddingModelFactory factory, List<Input> inputs, int batch, int partitions) {
    if (inputs.isEmpty()) return List.of();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int parts = partitions > 0 ? partitions : Math.max(1, Math.min(inputs.size() / Math.max(1, batch), jsc.defaultParallelism() * 2));
    return jsc.parallelize(inputs, parts).mapPartitions((Iterator<Input> it) -> embedPartition(factory, it, batch)).collect();
  }

  static Iterator<Embedded> embedPartition(EmbeddingModelFactory factory, Iterator<Input> it, int batch) {
    EmbeddingModel model = ModelCache.get(factory);
    List<Embedded> out = new ArrayList<>();
    List<Input> images = new ArrayList<>(), texts = new ArrayList<>();
    while (it.hasNext()) {
      Input in = it.next();
      (in.isImage() ? images : texts).add(in);
      if (images.size() >= batch) flush(model, images, true, out);
      if (texts.size() >= batch) flush(model, texts, false, out);
    }
    flush(model, images, true, out);
    flush(model, texts, false, out);
    return out.iterator();
  }

  private static void flush(EmbeddingModel model, List<Input> batch, boolean images, List<Embedded> out) {
    if (batch.isEmpty()) return;
    float[][] v;
    if (images) {
      List<byte[]> b = new ArrayList<>(batch.size());
      for (Input in : batch) b.add(in.bytes());
      v = model.embedImages(b);
    } else {
      v = model.embedTexts(batch.stream().map(Input::text).toList());
    }
    if (v.length != batch.size()) throw new IllegalStateException("model returned " + v.length + " vectors for " + batch.size() + " inputs");
    for (int i = 0; i < v.length; i++) {
      if (v[i].length != model.dim()) throw new IllegalStateException(batch.get(i).id() + ": vector of " + v[i].length + " values, model dim " + model.dim());
      out.add(new Embedded(batch.get(i).id(), batch.get(i).kind(), v[i]));
    }
    batch.clear();
  }

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
