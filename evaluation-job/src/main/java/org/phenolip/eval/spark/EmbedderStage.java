package org.phenolip.eval.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.embed.EmbeddingModel;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.embed.ModelCache;

/**
 * A Spark ML stage that appends a model's embedding of each row as {@code array<float>} (the
 * form the metrics and {@code --save-embeddings} use). Each partition embeds its rows in batches
 * with its executor's one model instance ({@link ModelCache}); nothing comes back to the driver.
 */
public abstract class EmbedderStage extends Transformer {
  public static final DataType VECTOR = DataTypes.createArrayType(DataTypes.FloatType, false);

  private final String uid;
  protected final EmbeddingModelFactory model;
  private final Param<String> outputCol;
  private final IntParam batchSize;

  protected EmbedderStage(String uid, EmbeddingModelFactory model) {
    if (model == null) throw new IllegalArgumentException("an embedder needs a model");
    this.uid = uid;
    this.model = model;
    this.outputCol = new Param<>(this, "outputCol", "vector column to add");
    this.batchSize = new IntParam(this, "batchSize", "rows per model call (> 0)");
    setDefault(outputCol, "vector");
    setDefault(batchSize, 32);
  }

  @Override
  public String uid() { return uid; }

  public Param<String> outputCol() { return outputCol; }

  public IntParam batchSize() { return batchSize; }

  public String getOutputCol() { return $(outputCol); }

  public int getBatchSize() { return (Integer) $(batchSize); }

  public EmbedderStage setOutputCol(String c) {
    set(outputCol, c);
    return this;
  }

  public EmbedderStage setBatchSize(int n) {
    set(batchSize, n);
    return this;
  }

  /** Checks the input columns of {@code schema}; a wrong one is an IllegalArgumentException naming it. */
  protected abstract void validateInput(StructType schema);

  /** What each partition runs; built on the driver, so it must be serializable. */
  protected abstract RowEmbedder rowEmbedder(StructType schema, Dataset<?> data);

  @Override
  public StructType transformSchema(StructType schema) {
    validateInput(schema);
    if (getBatchSize() < 1) throw new IllegalArgumentException(uid + ": batchSize must be > 0, got " + getBatchSize());
    if (Arrays.asList(schema.fieldNames()).contains(getOutputCol())) {
      throw new IllegalArgumentException(uid + ": output column '" + getOutputCol() + "' already exists");
    }
    return schema.add(new StructField(getOutputCol(), VECTOR, false, org.apache.spark.sql.types.Metadata.empty()));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> data) {
    StructType out = transformSchema(data.schema());
    RowEmbedder rows = rowEmbedder(data.schema(), data);
    EmbeddingModelFactory f = model;
    int batch = getBatchSize();
    return data.toDF().mapPartitions((MapPartitionsFunction<Row, Row>) it -> new Batches(ModelCache.get(f), rows, it, batch),
        Encoders.row(out));
  }

  @Override
  public EmbedderStage copy(ParamMap extra) {
    return copyValues(fresh(uid), extra);
  }

  /** A new stage of the same kind and model under {@code uid}, without param values. */
  protected abstract EmbedderStage fresh(String uid);

  protected static int column(StructType schema, String name, DataType type, String role) {
    if (name == null) throw new IllegalArgumentException(role + " column not set");
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(role + " column '" + name + "' not in " + Arrays.toString(schema.fieldNames()));
    }
    DataType t = schema.apply(name).dataType();
    if (!t.equals(type)) throw new IllegalArgumentException(role + " column '" + name + "' is " + t.simpleString() + ", expected " + type.simpleString());
    return schema.fieldIndex(name);
  }

  /** Embeds a batch of rows of one partition, one vector per row, in order. */
  public interface RowEmbedder extends java.io.Serializable {
    float[][] embed(EmbeddingModel model, List<Row> rows);
  }

  /** Pulls {@code batch} rows at a time and emits them with their vector appended. */
  static final class Batches implements Iterator<Row> {
    private final EmbeddingModel model;
    private final RowEmbedder rows;
    private final Iterator<Row> in;
    private final int batch;
    private List<Row> pending = List.of();
    private float[][] vectors;
    private int next;

    Batches(EmbeddingModel model, RowEmbedder rows, Iterator<Row> in, int batch) {
      this.model = model;
      this.rows = rows;
      this.in = in;
      this.batch = batch;
    }

    @Override
    public boolean hasNext() {
      if (next < pending.size()) return true;
      if (!in.hasNext()) return false;
      List<Row> b = new ArrayList<>(batch);
      while (b.size() < batch && in.hasNext()) b.add(in.next());
      float[][] v = rows.embed(model, b);
      if (v.length != b.size()) throw new IllegalStateException("model returned " + v.length + " vectors for " + b.size() + " inputs");
      for (float[] x : v) {
        if (x.length != model.dim()) throw new IllegalStateException("vector of " + x.length + " values, model dim " + model.dim());
      }
      pending = b;
      vectors = v;
      next = 0;
      return true;
    }

    @Override
    public Row next() {
      if (!hasNext()) throw new NoSuchElementException();
      Row r = pending.get(next);
      float[] v = vectors[next++];
      Object[] values = new Object[r.length() + 1];
      for (int i = 0; i < r.length(); i++) values[i] = r.get(i);
      values[r.length()] = boxed(v);
      return RowFactory.create(values);
    }
  }

  static scala.collection.immutable.Seq<Float> boxed(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) b[i] = v[i];
    return org.phenolip.core.schema.Rows.seq(Arrays.asList(b));
  }
}
