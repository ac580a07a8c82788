package org.phenolip.eval.run;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.spark.ImageReader;

/**
 * The benchmark as a DataFrame: {@code row} (the manifest order, which the metrics keep), an
 * image as inline bytes or as a Hadoop URI that executors read, and the text fields.
 */
public final class BenchFrame {
  public static final StructType SCHEMA = new StructType()
      .add("row", DataTypes.LongType, false)
      .add("id", DataTypes.StringType, false)
      .add("image", DataTypes.BinaryType, true)
      .add("image_uri", DataTypes.StringType, true)
      .add("caption", DataTypes.StringType, false)
      .add("phenotypes", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("system", DataTypes.StringType, false);

  private BenchFrame() {}

  /** Rows already validated by a manifest reader; path images become {@code file:} URIs. */
  public static Dataset<Row> of(SparkSession spark, List<BenchItem> items, int batch) {
    List<Row> rows = new ArrayList<>(items.size());
    long n = 0;
    for (BenchItem it : items) {
      rows.add(RowFactory.create(n++, it.id(), it.image(), it.image() == null ? ImageReader.uri(it.imagePath()) : null,
          it.caption(), org.phenolip.core.schema.Rows.seq(it.phenotypes()), it.system()));
    }
    return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions(spark, rows.size(), batch)), SCHEMA);
  }

  /** What a manifest reader kept: its frame when the images stayed on the executors, else one built from the items. */
  public static Dataset<Row> of(SparkSession spark, org.phenolip.eval.bench.Loaded loaded, int batch) {
    if (loaded.frame() == null) return of(spark, loaded.items(), batch);
    return loaded.frame().repartition(partitions(spark, loaded.items().size(), batch));
  }

  /** About one model batch per partition, at most two partitions per core. */
  static int partitions(SparkSession spark, int rows, int batch) {
    return Math.max(1, Math.min(rows / Math.max(1, batch), spark.sparkContext().defaultParallelism() * 2));
  }
}
