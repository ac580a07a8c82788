package org.phenolip.kg.fetch.spark;

import static org.apache.spark.sql.types.DataTypes.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.schema.Rows;
import org.phenolip.kg.fetch.LogState;
import org.phenolip.kg.fetch.Mirror;
import org.phenolip.kg.fetch.VersionResult;

/**
 * The fetch log: a Delta table at {@code MIRROR/_fetch_log}, one row per version per run in which
 * something happened to it (fetched, skipped, retracted, failed, removed, superseded), with the
 * listing's ETag and every file's MD5 and size. Append-only: the latest row of a key (highest
 * {@code seq}) is its state; the next run diffs the inventory against those states, and
 * {@code kg build} drops the versions whose state is retracted, removed or superseded.
 */
public final class FetchLog {
  private FetchLog() {}

  public static final StructType FILE = new StructType()
      .add("name", StringType, false).add("md5", StringType, false).add("size", LongType, false);

  public static final StructType SCHEMA = new StructType()
      .add("key", StringType, false)
      .add("pmcid", StringType, false)
      .add("version", IntegerType, false)
      .add("etag", StringType, true)
      .add("last_modified", StringType, true)
      .add("status", StringType, false)
      .add("reason", StringType, true)
      .add("detail", StringType, true)
      .add("license", StringType, true)
      .add("is_retracted", BooleanType, false)
      .add("files", createArrayType(FILE, false), false)
      .add("bytes", LongType, false)
      .add("requests", LongType, false)
      .add("run_id", StringType, false)
      .add("seq", LongType, false)
      .add("logged_at", StringType, false);

  public static String path(String mirror) {
    return new Path(mirror.replaceAll("/+$", ""), Mirror.FETCH_LOG).toString();
  }

  public static boolean exists(SparkSession spark, String mirror) {
    try {
      Path p = new Path(path(mirror), "_delta_log");
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The latest row of every key, or an empty map for a new mirror. */
  public static Map<String, LogState> latest(SparkSession spark, String mirror) {
    Map<String, LogState> out = new HashMap<>();
    Map<String, Long> seq = new HashMap<>();
    if (!exists(spark, mirror)) return out;
    for (Row r : spark.read().format("delta").load(path(mirror))
        .select("key", "pmcid", "version", "etag", "status", "reason", "license", "is_retracted", "seq").collectAsList()) {
      String key = r.getString(0);
      long s = r.getLong(8);
      if (seq.getOrDefault(key, Long.MIN_VALUE) > s) continue;
      seq.put(key, s);
      out.put(key, new LogState(key, r.getString(1), r.getInt(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
          r.getBoolean(7)));
    }
    return out;
  }

  /** The next free sequence number (1 for a new log). */
  public static long nextSeq(SparkSession spark, String mirror) {
    if (!exists(spark, mirror)) return 1;
    Row r = spark.read().format("delta").load(path(mirror)).agg(org.apache.spark.sql.functions.max("seq")).first();
    return r.isNullAt(0) ? 1 : r.getLong(0) + 1;
  }

  /** Appends the rows (one Delta commit); {@code seq} numbers them in order from {@code firstSeq}. */
  public static void append(SparkSession spark, String mirror, String runId, long firstSeq, List<VersionResult> results) {
    if (results.isEmpty()) return;
    String now = java.time.Instant.now().toString();
    List<Row> rows = new ArrayList<>(results.size());
    long seq = firstSeq;
    for (VersionResult v : results) {
      List<Row> files = v.files().stream().map(f -> RowFactory.create(f.name(), f.md5(), f.size())).toList();
      rows.add(RowFactory.create(v.key(), v.pmcid(), v.version(), v.etag(), v.lastModified(), v.status(), v.reason(), v.detail(),
          v.license(), v.retracted(), Rows.seq(files), v.bytes(), v.requests(), runId, seq++, now));
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).coalesce(1);
    df.write().format("delta").mode(SaveMode.Append).save(path(mirror));
  }

  /** Version folder names ({@code PMC1.2}) whose latest state says a build must leave them out, by status. */
  public static Map<String, String> excluded(SparkSession spark, String mirror) {
    Map<String, String> out = new HashMap<>();
    for (LogState s : latest(spark, mirror).values()) {
      if (s.status().equals(VersionResult.RETRACTED) || s.status().equals(VersionResult.REMOVED)
          || s.status().equals(VersionResult.SUPERSEDED)) {
        out.put(s.pmcid() + "." + s.version(), s.status());
      }
    }
    return out;
  }
}
