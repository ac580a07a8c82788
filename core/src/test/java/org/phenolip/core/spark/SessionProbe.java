package org.phenolip.core.spark;

import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.SparkOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** A job main for {@link SparkSessionsTest}: opens a session the way the jobs do and prints its settings. */
@Command(name = "probe")
public final class SessionProbe implements Callable<Integer> {
  @Mixin SparkOptions spark;

  @Override
  public Integer call() {
    spark.defaults.put("spark.executor.cores", "1");
    SparkSession s = spark.session("session-probe");
    var all = new TreeMap<String, String>();
    for (var t : s.sparkContext().getConf().getAll()) all.put(t._1(), t._2());
    all.put("spark.sql.shuffle.partitions", s.conf().get("spark.sql.shuffle.partitions"));
    all.put("spark.sql.sources.partitionOverwriteMode", s.conf().get("spark.sql.sources.partitionOverwriteMode"));
    all.forEach((k, v) -> System.out.println("CONF " + k + "=" + v));
    // A job runs: the session works with these settings.
    System.out.println("COUNT " + s.range(0, 100).repartition(7).count());
    s.stop();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SessionProbe()).execute(args));
  }
}
