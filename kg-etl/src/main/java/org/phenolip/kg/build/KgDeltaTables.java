package org.phenolip.kg.build;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Storage;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.Progress;

/**
 * The writing side of a Delta PhenoKG ({@link KgTables} is the reading side): each table is a
 * Delta table under the KG's root; a build overwrites a table, or changes only the rows of the
 * sources that changed (a MERGE that deletes them, then an append), and reports the Delta
 * version it left, which the build's KG commit records.
 */
final class KgDeltaTables {
  private final SparkSession spark;
  private final String root;

  KgDeltaTables(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root;
  }

  String path(String table) {
    return Storage.child(root, table);
  }

  /** Whether {@code table} is a Delta table already. */
  boolean exists(String table) {
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** Replaces every row of {@code table} (static overwrite: partitions absent from {@code rows} go too). */
  void overwrite(String table, Dataset<Row> rows) {
    var w = rows.write().format("delta").mode(SaveMode.Overwrite)
        // the session's dynamic partition overwrite would keep partitions the new rows lack
        .option("partitionOverwriteMode", "static").option("overwriteSchema", "true");
    if (partitioned(table)) w = w.partitionBy(PhenoKg.SYSTEM);
    w.save(path(table));
  }

  /**
   * Deletes the rows of {@code table} that match a row of {@code keys} under {@code condition}
   * (over {@code t}, the table, and {@code s}, the keys): one MERGE, however many keys.
   */
  void deleteMatching(String table, Dataset<Row> keys, String condition) {
    DeltaTable.forPath(spark, path(table)).as("t").merge(keys.as("s"), condition).whenMatched().delete().execute();
  }

  void append(String table, Dataset<Row> rows) {
    var w = rows.write().format("delta").mode(SaveMode.Append);
    if (partitioned(table)) w = w.partitionBy(PhenoKg.SYSTEM);
    w.save(path(table));
  }

  /** The table's latest Delta version. */
  long version(String table) {
    return DeltaTable.forPath(spark, path(table)).history(1).first().<Long>getAs("version");
  }

  /** The table as of its latest Delta version. */
  Dataset<Row> read(String table) {
    return spark.read().format("delta").load(path(table));
  }

  /**
   * Undoes what a killed build committed to the tables after the last KG commit: a table past its
   * recorded version is restored to it, a table no KG commit names is removed. The tables then
   * hold exactly what the last KG version reads, the base an incremental build changes.
   */
  void rollBackUncommitted(Map<String, Long> recorded) {
    for (String t : KgTables.CORE) {
      if (!exists(t)) continue;
      Long rec = recorded.get(t);
      try {
        if (rec == null) {
          Progress.status("removing " + t + "/: written by a build that did not commit");
          Storage.forTask().delete(path(t), true);
        } else if (version(t) > rec) {
          Progress.status("restoring " + t + "/ to Delta version " + rec + " (a build after it did not commit)");
          DeltaTable.forPath(spark, path(t)).restoreToVersion(rec);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot roll back " + path(t) + ": " + e.getMessage(), e);
      }
    }
  }

  /** Tables partitioned by {@link PhenoKg#SYSTEM}. */
  static boolean partitioned(String table) {
    return table.equals(PhenoKg.PHENOTYPES) || table.equals(PhenoKg.PAIRS) || table.equals(PhenoKg.NEGATED_PAIRS);
  }
}
