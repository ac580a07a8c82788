package org.phenolip.core.spark;

import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Names a unit of work for the Spark UI (job group and description) and the console, so a
 * long run shows where it is on a cluster as well as locally.
 */
public final class JobStage {
  private JobStage() {}

  public static <T> T run(SparkSession spark, String group, String description, Supplier<T> work) {
    var sc = spark.sparkContext();
    sc.setJobGroup(group, description, false);
    long t0 = System.nanoTime();
    Progress.status("[" + group + "] " + description + " ...");
    try {
      return work.get();
    } finally {
      Progress.status(String.format("[%s] %s done in %.1f s", group, description, (System.nanoTime() - t0) / 1e9));
      sc.clearJobGroup();
    }
  }

  public static void run(SparkSession spark, String group, String description, Runnable work) {
    run(spark, group, description, () -> {
      work.run();
      return null;
    });
  }
}
