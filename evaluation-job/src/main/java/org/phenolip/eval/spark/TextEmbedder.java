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

/** Embeds the text of {@code inputCol} (string, non-null) with the model's text tower. */
public final class TextEmbedder extends EmbedderStage {
  private final Param<String> inputCol = new Param<>(this, "inputCol", "string column of texts");

  public TextEmbedder(EmbeddingModelFactory model) {
    this(Identifiable.randomUID("textEmbedder"), model);
  }

  public TextEmbedder(String uid, EmbeddingModelFactory model) {
    super(uid, model);
    setDefault(inputCol, "text");
  }

  public Param<String> inputCol() { return inputCol; }

  public TextEmbedder setInputCol(String c) {
    set(inputCol, c);
    return this;
  }

  @Override
  protected void validateInput(StructType schema) {
    column(schema, $(inputCol), DataTypes.StringType, "text");
  }

  @Override
  protected RowEmbedder rowEmbedder(StructType schema, Dataset<?> data) {
    int at = schema.fieldIndex($(inputCol));
    return (m, rows) -> {
      List<String> texts = new ArrayList<>(rows.size());
      for (Row r : rows) {
        if (r.isNullAt(at)) throw new IllegalArgumentException("null text in column " + schema.fieldNames()[at]);
        texts.add(r.getString(at));
      }
      return m.embedTexts(texts);
    };
  }

  @Override
  protected EmbedderStage fresh(String uid) {
    return new TextEmbedder(uid, model);
  }
}
