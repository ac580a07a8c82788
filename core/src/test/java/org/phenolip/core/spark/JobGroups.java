package org.phenolip.core.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/** For tests that count the Spark jobs a piece of work runs (each job a full pass over its input). */
public final class JobGroups {
  private JobGroups() {}

  /**
   * Runs {@code work} in a fresh job group and returns one line per job it ran: its stages' names joined by
   * " + ". Waits until the status store stops changing, as its events arrive asynchronously.
   */
  public static List<String> jobsOf(SparkSession spark, Runnable work) throws InterruptedException {
    String group = "count-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, "counted", false);
    try {
      work.run();
    } finally {
      spark.sparkContext().clearJobGroup();
    }
    SparkStatusTracker tracker = spark.sparkContext().statusTracker();
    int n = -1;
    for (int stable = 0, i = 0; stable < 5 && i < 100; i++) {
      int now = tracker.getJobIdsForGroup(group).length;
      stable = now == n && now > 0 ? stable + 1 : 0;
      n = now;
      Thread.sleep(100);
    }
    List<String> jobs = new ArrayList<>();
    for (int id : tracker.getJobIdsForGroup(group)) {
      List<String> stages = new ArrayList<>();
      for (int st : tracker.getJobInfo(id).get().stageIds()) stages.add(tracker.getStageInfo(st).get().name());
      jobs.add(String.join(" + ", stages));
    }
    return jobs;
  }
}
