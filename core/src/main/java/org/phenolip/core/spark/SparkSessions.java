package org.phenolip.core.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** One place that builds SparkSessions for jobs, the CLI and tests. */
public final class SparkSessions {
  private SparkSessions() {}

  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * Gets or creates a session. When launched by spark-submit the master is already set and
   * {@code master} is ignored; a null master means {@link #DEFAULT_MASTER}.
   */
  public static SparkSession getOrCreate(String appName, String master, Map<String, String> conf) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    boolean submitted = System.getProperty("spark.master") != null;
    String m = master == null ? DEFAULT_MASTER : master;
    if (!submitted) {
      b.master(m);
      // bin/phenolip runs the driver from the fat jar: ship it to a cluster's executors.
      String jar = System.getProperty("phenolip.jar");
      if (jar != null && !m.startsWith("local")) {
        b.config("spark.jars", jar);
      }
    }
    b.config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.sql.sources.partitionOverwriteMode", "dynamic")
        .config("spark.driver.bindAddress", System.getenv().getOrDefault("SPARK_LOCAL_IP", "127.0.0.1"));
    if (conf != null) {
      conf.forEach(b::config);
    }
    SparkSession s = b.getOrCreate();
    s.sparkContext().setLogLevel(System.getProperty("phenolip.spark.logLevel", "WARN"));
    return s;
  }

  /** A local[n] session for tests. */
  public static SparkSession local(String appName, int threads) {
    return getOrCreate(appName, "local[" + threads + "]", Map.of());
  }
}
