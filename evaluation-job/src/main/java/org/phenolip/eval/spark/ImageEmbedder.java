package org.phenolip.eval.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.embed.EmbeddingModelFactory;

/**
 * Embeds images: a row's bytes come from {@code imageCol} (binary) when set and non-null, else
 * from the file at {@code uriCol} (string Hadoop URI), read by the executor through Hadoop's
 * FileSystem with the session's Hadoop configuration. Each image is read and decoded once.
 */
public final class ImageEmbedder extends EmbedderStage {
  private final Param<String> imageCol = new Param<>(this, "imageCol", "binary column of encoded images (optional)");
  private final Param<String> uriCol = new Param<>(this, "uriCol", "string column of image URIs (optional)");

  public ImageEmbedder(EmbeddingModelFactory model) {
    this(Identifiable.randomUID("imageEmbedder"), model);
  }

  public ImageEmbedder(String uid, EmbeddingModelFactory model) {
    super(uid, model);
  }

  public Param<String> imageCol() { return imageCol; }

  public Param<String> uriCol() { return uriCol; }

  public ImageEmbedder setImageCol(String c) {
    set(imageCol, c);
    return this;
  }

  public ImageEmbedder setUriCol(String c) {
    set(uriCol, c);
    return this;
  }

  @Override
  protected void validateInput(StructType schema) {
    if (!isSet(imageCol) && !isSet(uriCol)) throw new IllegalArgumentException(uid() + ": set imageCol (binary) and/or uriCol (string)");
    if (isSet(imageCol)) column(schema, $(imageCol), DataTypes.BinaryType, "image");
    if (isSet(uriCol)) column(schema, $(uriCol), DataTypes.StringType, "image URI");
  }

  @Override
  protected RowEmbedder rowEmbedder(StructType schema, Dataset<?> data) {
    int bytesAt = isSet(imageCol) ? schema.fieldIndex($(imageCol)) : -1;
    int uriAt = isSet(uriCol) ? schema.fieldIndex($(uriCol)) : -1;
    HadoopConf conf = new HadoopConf(data.sparkSession().sparkContext().hadoopConfiguration());
    return (m, rows) -> {
      List<byte[]> images = new ArrayList<>(rows.size());
      for (Row r : rows) images.add(bytes(r, bytesAt, uriAt, conf));
      return m.embedImages(images);
    };
  }

  static byte[] bytes(Row r, int bytesAt, int uriAt, HadoopConf conf) {
    if (bytesAt >= 0 && !r.isNullAt(bytesAt)) return (byte[]) r.get(bytesAt);
    if (uriAt >= 0 && !r.isNullAt(uriAt)) return ImageReader.read(r.getString(uriAt), conf.get());
    throw new IllegalArgumentException("row without an image: " + r.mkString(", ").replaceAll("(.{200}).*", "$1..."));
  }

  @Override
  protected EmbedderStage fresh(String uid) {
    return new ImageEmbedder(uid, model);
  }
}
