package org.phenolip.core.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * One place that builds SparkSessions for jobs, the CLI and tests.
 *
 * <p>Precedence, highest first: {@code --conf} values given to the command, what spark-submit
 * (or {@code -Dspark.*}) already set, then this class's defaults. A default is applied only
 * when nobody set the key, so a cluster's {@code spark.driver.bindAddress} or shuffle width is
 * never overridden; binding to 127.0.0.1 is a default of local masters only (the demo).
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static final String DEFAULT_MASTER = "local[*]";

  /** Same as {@link #getOrCreate(String, String, Map, Map)} without job defaults. */
  public static SparkSession getOrCreate(String appName, String master, Map<String, String> conf) {
    return getOrCreate(appName, master, conf, Map.of());
  }

  /**
   * Gets or creates a session. When launched by spark-submit the master is already set and
   * {@code master} is ignored; a null master means {@link #DEFAULT_MASTER}. {@code conf} are
   * explicit settings ({@code --conf}); {@code jobDefaults} are what a job needs unless told
   * otherwise (they lose to spark-submit and to {@code conf}).
   */
  public static SparkSession getOrCreate(String appName, String master, Map<String, String> conf,
      Map<String, String> jobDefaults) {
    Map<String, String> settings = settings(new SparkConf(true), appName, master, conf, jobDefaults);
    SparkSession.Builder b = SparkSession.builder();
    settings.forEach(b::config);
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("phenolip.spark.logLevel", "WARN"));
    return s;
  }

  /**
   * The settings to give the builder: explicit {@code conf}, then defaults for keys that
   * {@code given} (spark-submit's system properties) does not hold. Keys set in {@code given}
   * are not repeated; the builder reads them itself.
   */
  static Map<String, String> settings(SparkConf given, String appName, String master, Map<String, String> conf,
      Map<String, String> jobDefaults) {
    Map<String, String> explicit = conf == null ? Map.of() : conf;
    String m = explicit.getOrDefault("spark.master",
        given.contains("spark.master") ? given.get("spark.master") : master == null ? DEFAULT_MASTER : master);
    boolean local = m.startsWith("local");
    Map<String, String> defaults = new LinkedHashMap<>();
    defaults.put("spark.master", m);
    defaults.put("spark.app.name", appName);
    // bin/phenolip runs the driver from the fat jar: ship it to a cluster's executors.
    String jar = System.getProperty("phenolip.jar");
    if (jar != null && !local) defaults.put("spark.jars", jar);
    defaults.put("spark.ui.enabled", "false");
    defaults.put("spark.ui.showConsoleProgress", "false");
    defaults.put("spark.sql.shuffle.partitions", "8");
    defaults.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
    if (local) defaults.put("spark.driver.bindAddress", System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"));
    if (deltaOnClasspath()) {
      // PhenoKG's tables are Delta tables: MERGE/DELETE/time travel need Delta's session extension.
      defaults.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
      defaults.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
      // Delta rebuilds a table's state in 50 partitions by default, for tables of millions of files;
      // the KG's have hundreds at most. 2 halved kg build on the sample (KgBuildBench: incremental
      // 24.5 s -> 11.5 s, --force 23.0 s -> 10.8 s); a cluster's --conf still wins.
      defaults.put("spark.databricks.delta.snapshotPartitions", "2");
    }
    if (jobDefaults != null) defaults.putAll(jobDefaults);
    Map<String, String> out = new LinkedHashMap<>();
    defaults.forEach((k, v) -> {
      if (!given.contains(k) && !explicit.containsKey(k)) out.put(k, v);
    });
    out.putAll(explicit);
    return out;
  }

  private static boolean deltaOnClasspath() {
    try {
      Class.forName("io.delta.sql.DeltaSparkSessionExtension", false, SparkSessions.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** A local[n] session for tests. */
  public static SparkSession local(String appName, int threads) {
    return getOrCreate(appName, "local[" + threads + "]", Map.of());
  }
}
