package org.phenolip.train.stage1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.Rows;
import org.phenolip.model.encode.PhenolipEncoder;

/**
 * The teacher's phenotype prototypes ({@code phenotype_embeddings/}), embedded by the executors: each task loads
 * the saved teacher once through Hadoop FS and embeds its share of the labels, each label on its own
 * ({@link PhenolipEncoder#embedTextsIndependently}), so a vector does not depend on how the terms are partitioned.
 * The driver sends ids and labels; the vectors go from the executors to the table.
 */
final class PhenotypePrototypes {
  /** Labels per forward pass. */
  static final int CHUNK = 256;

  private static final StructType TERMS = new StructType()
      .add("id", DataTypes.StringType, false)
      .add(PhenoKg.SYSTEM, DataTypes.StringType, false)
      .add("label", DataTypes.StringType, false);

  private PhenotypePrototypes() {}

  /**
   * Embeds {@code terms}' labels with the teacher saved at {@code model} into {@code out} (one file, id order).
   * Returns how many labels the tasks embedded: {@code terms.size()} unless some work ran twice.
   */
  static long write(SparkSession spark, List<OntologyPairs.Term> terms, String model, String out) {
    int parts = Math.max(1, Math.min(spark.sparkContext().defaultParallelism(), (terms.size() + CHUNK - 1) / CHUNK));
    return write(spark, terms, model, out, parts);
  }

  static long write(SparkSession spark, List<OntologyPairs.Term> terms, String model, String out, int partitions) {
    LongAccumulator embedded = spark.sparkContext().longAccumulator("phenotype prototypes embedded");
    List<Row> rows = new ArrayList<>(terms.size());
    for (OntologyPairs.Term t : terms) rows.add(RowFactory.create(t.id(), t.system(), t.label()));
    spark.createDataFrame(rows, TERMS).repartition(partitions)
        .mapPartitions((MapPartitionsFunction<Row, Row>) it -> embed(model, it, embedded), Encoders.row(Stage1Trainer.EMBEDDING_SCHEMA))
        // One file in id order without a global sort: its range sampling would run the embedding a second time.
        .repartition(1).sortWithinPartitions("id").write().mode(SaveMode.Overwrite).parquet(out);
    return embedded.value();
  }

  private static Iterator<Row> embed(String model, Iterator<Row> terms, LongAccumulator embedded) {
    List<Row> in = new ArrayList<>();
    terms.forEachRemaining(in::add);
    if (in.isEmpty()) return Collections.emptyIterator();
    List<Row> out = new ArrayList<>(in.size());
    try (PhenolipEncoder teacher = PhenolipEncoder.load(Storage.forTask().localTree(model))) {
      for (int from = 0; from < in.size(); from += CHUNK) {
        List<Row> chunk = in.subList(from, Math.min(in.size(), from + CHUNK));
        float[][] v = teacher.embedTextsIndependently(chunk.stream().map(r -> r.getString(2)).toList());
        embedded.add(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
          List<Float> vec = new ArrayList<>(v[i].length);
          for (float x : v[i]) vec.add(x);
          out.add(RowFactory.create(chunk.get(i).getString(0), chunk.get(i).getString(1), Rows.seq(vec)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the teacher " + model + " on this executor: " + e.getMessage(), e);
    }
    return out.iterator();
  }
}
