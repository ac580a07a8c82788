package org.phenolip.kg.build;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.KgSnapshot;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.Progress;

/**
 * Writes a PhenoKG's Delta tables and publishes a KG version (see {@link KgSnapshot}): each
 * dataset table is committed by Delta (overwrite for a full build, MERGE for an incremental
 * one), then one row appended to {@code _commits} makes the new table versions the KG's
 * current version, and {@code manifest.json} is replaced as its human-readable summary.
 */
final class KgCommits {
  static final StructType COMMIT = new StructType()
      .add(KgSnapshot.KG_VERSION, DataTypes.LongType, false)
      .add("created", DataTypes.StringType, false)
      .add("tables", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false)
      .add("manifest", DataTypes.StringType, false);

  private final SparkSession spark;
  private final String root;
  private final Storage storage;

  KgCommits(SparkSession spark, String root) {
    this.spark = spark;
    this.storage = Storage.of(spark);
    this.root = storage.qualify(root);
  }

  String root() {
    return root;
  }

  String table(String name) {
    return Storage.child(root, name);
  }

  /** The latest committed KG version, or null when nothing was committed yet. */
  KgSnapshot last() {
    if (!storage.exists(table(KgSnapshot.COMMITS))) return null;
    try {
      return KgSnapshot.open(spark, root);
    } catch (IllegalArgumentException e) {
      return null; // a commits table with no row: a first build that died
    }
  }

  /** The manifest of KG version {@code version}, as committed. */
  KgManifest manifest(long version) {
    Row r = spark.read().format("delta").load(table(KgSnapshot.COMMITS))
        .filter(functions.col(KgSnapshot.KG_VERSION).equalTo(version)).select("manifest").first();
    try {
      return Json.MAPPER.readValue(r.getString(0), KgManifest.class);
    } catch (IOException e) {
      Progress.status("manifest of PhenoKG version " + version + " unreadable (" + e.getMessage() + "): rebuilding");
      return null;
    }
  }

  /**
   * Rolls back table commits that a killed build made after the last KG commit, so that an
   * incremental build merges into exactly the committed version.
   */
  void restoreUncommitted(KgSnapshot last) {
    for (var e : last.tableVersions().entrySet()) {
      long now = deltaVersion(e.getKey());
      if (now > e.getValue()) {
        Progress.status("table " + e.getKey() + " has uncommitted version " + now + " (a build that did not finish): "
            + "restoring version " + e.getValue());
        DeltaTable.forPath(spark, table(e.getKey())).restoreToVersion(e.getValue());
      }
    }
  }

  /** Replaces table {@code name} with {@code df} (one Delta commit); returns the new Delta version. */
  long overwrite(String name, Dataset<Row> df, String partitionBy) {
    var w = df.write().format("delta").mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true")
        // The session's dynamic partition overwrite would keep partitions absent from df.
        .option("partitionOverwriteMode", "static");
    if (partitionBy != null) w = w.partitionBy(partitionBy);
    w.save(table(name));
    return deltaVersion(name);
  }

  /**
   * MERGEs {@code rows} into table {@code name} for the target rows that {@code affected}
   * selects (the changed, new and removed sources' rows): rows equal to a source row stay,
   * new rows are inserted, affected rows no longer produced are deleted. Other rows are not
   * touched. One Delta commit; returns the new Delta version.
   */
  long merge(String name, Dataset<Row> rows, Column affected) {
    Column same = affected;
    for (String c : rows.columns()) same = same.and(functions.col("t." + c).eqNullSafe(functions.col("s." + c)));
    DeltaTable.forPath(spark, table(name)).as("t")
        .merge(rows.as("s"), same)
        .whenNotMatched().insertAll()
        .whenNotMatchedBySource(affected).delete()
        .execute();
    return deltaVersion(name);
  }

  long deltaVersion(String name) {
    return DeltaTable.forPath(spark, table(name)).history(1).select("version").first().getLong(0);
  }

  /** Publishes the table versions as the next KG version; returns its number. */
  long commit(Map<String, Long> tables, KgManifest manifest, KgSnapshot last) {
    long version = last == null ? 0 : last.version() + 1;
    String json = Json.write(manifest);
    Row row = RowFactory.create(version, Instant.now().toString(),
        new TreeMap<>(tables), json);
    spark.createDataFrame(List.of(row), COMMIT).coalesce(1).write().format("delta").mode(SaveMode.Append)
        .save(table(KgSnapshot.COMMITS));
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(KgSnapshot.KG_VERSION, version);
    summary.put("tables", new TreeMap<>(tables));
    summary.putAll(Json.MAPPER.convertValue(manifest, Map.class));
    try {
      storage.writeAtomic(Storage.child(root, PhenoKg.MANIFEST), Json.write(summary));
    } catch (IOException e) {
      throw new UncheckedIOException("PhenoKG version " + version + " is committed, but " + PhenoKg.MANIFEST
          + " could not be written: " + e.getMessage(), e);
    }
    return version;
  }
}
