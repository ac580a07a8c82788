package org.phenolip.core.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Storage;

/**
 * One committed version of a PhenoKG, as every job reads it.
 *
 * <p>A PhenoKG folder holds one Delta table per dataset ({@code phenotypes/}, {@code pairs/}, …)
 * and the Delta table {@code _commits/}: one row per published KG version with the Delta
 * version of each dataset table. A build commits its tables first and appends that row last,
 * so the row is the atomic publish (made by Delta on HDFS and S3 alike): a killed build leaves
 * the previous row, and therefore the previous version of every table, current. Reading
 * version N ({@code --kg-version N}) is Delta time travel to the table versions of row N.
 *
 * <p>Older layouts still open: a folder with a {@code CURRENT} pointer, or a plain folder of
 * Parquet datasets (version -1).
 */
public final class KgSnapshot {
  public static final String COMMITS = "_commits";
  /** Row of {@code _commits}: the KG version, when, each table's Delta version, the manifest JSON. */
  public static final String KG_VERSION = "kg_version";

  private final SparkSession spark;
  private final String root;
  private final long version;
  private final Map<String, Long> tables;
  private final String parquetDir;

  private KgSnapshot(SparkSession spark, String root, long version, Map<String, Long> tables, String parquetDir) {
    this.spark = spark;
    this.root = root;
    this.version = version;
    this.tables = tables;
    this.parquetDir = parquetDir;
  }

  /** The latest committed version of the KG in {@code kg}. */
  public static KgSnapshot open(SparkSession spark, String kg) {
    return open(spark, kg, null);
  }

  /** Version {@code version} of the KG in {@code kg} (null: the latest). */
  public static KgSnapshot open(SparkSession spark, String kg, Long version) {
    Storage st = Storage.of(spark);
    String commits = Storage.child(kg, COMMITS);
    if (!st.exists(commits)) {
      if (version != null && version >= 0) {
        throw new IllegalArgumentException("--kg-version " + version + ": " + kg + " is not a versioned (Delta) PhenoKG");
      }
      if (!st.exists(kg)) throw new IllegalArgumentException("no PhenoKG at " + kg);
      return new KgSnapshot(spark, kg, -1, Map.of(), AtomicPublish.resolve(kg));
    }
    Dataset<Row> log = spark.read().format("delta").load(commits);
    Dataset<Row> pick = version == null
        ? log.orderBy(functions.col(KG_VERSION).desc()).limit(1)
        : log.filter(functions.col(KG_VERSION).equalTo(version));
    List<Row> rows = pick.select(KG_VERSION, "tables").collectAsList();
    if (rows.isEmpty()) {
      long latest = log.count() == 0 ? -1 : log.agg(functions.max(KG_VERSION)).first().getLong(0);
      throw new IllegalArgumentException(version == null ? "PhenoKG at " + kg + " has no committed version"
          : "PhenoKG at " + kg + " has no version " + version + " (latest: " + latest + ")");
    }
    Map<String, Long> t = new TreeMap<>(rows.get(0).<String, Long>getJavaMap(1));
    return new KgSnapshot(spark, kg, rows.get(0).getLong(0), t, null);
  }

  /** The KG version (-1 for an unversioned folder). */
  public long version() {
    return version;
  }

  public String root() {
    return root;
  }

  /** Delta version of each dataset table in this KG version. */
  public Map<String, Long> tableVersions() {
    return new LinkedHashMap<>(tables);
  }

  /** What a model records about the KG it was trained on. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kg", root);
    m.put("kg_version", version);
    m.put("kg_tables", tableVersions());
    return m;
  }

  /** The dataset {@code name} ({@link PhenoKg#PAIRS}, …) as of this version. */
  public Dataset<Row> table(String name) {
    if (parquetDir != null) return spark.read().parquet(Storage.child(parquetDir, name));
    Long v = tables.get(name);
    if (v == null) throw new IllegalArgumentException("PhenoKG version " + version + " at " + root + " has no table " + name);
    return spark.read().format("delta").option("versionAsOf", v).load(Storage.child(root, name));
  }
}
