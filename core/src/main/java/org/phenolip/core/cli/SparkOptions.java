package org.phenolip.core.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.spark.SparkSessions;
import picocli.CommandLine.Option;

/** Options every Spark job takes (a picocli mixin). */
public class SparkOptions {
  @Option(names = "--master", description = "Spark master URL (default: ${DEFAULT-VALUE}; ignored under spark-submit).",
      defaultValue = SparkSessions.DEFAULT_MASTER)
  public String master;

  @Option(names = "--conf", description = "Extra Spark setting key=value (repeatable).")
  public Map<String, String> conf = new LinkedHashMap<>();

  /** What the job needs unless spark-submit or {@code --conf} say otherwise (not an option). */
  public final Map<String, String> defaults = new LinkedHashMap<>();

  /** Hadoop FS as the session will see it, for checks made before it starts (core-site.xml, spark.hadoop.* of --conf). */
  public org.phenolip.core.io.Storage storage() {
    return org.phenolip.core.io.Storage.forTask(conf);
  }

  public SparkSession session(String appName) {
    return SparkSessions.getOrCreate(appName, master, conf, defaults);
  }
}
