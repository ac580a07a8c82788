package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.Progress;

/**
 * A real multi-process run: master, two workers and two executors as separate JVMs on
 * 127.0.0.1, started by deploy/cluster/standalone.sh. The 2-worker result must match the
 * one-worker local result (tolerance as in {@link ReplicaTrainerTest}). Run with -Pcluster.
 */
@Tag("cluster")
class StandaloneClusterTest {
  @Test
  void twoExecutorsMatchTheLocalOneWorkerRun(@TempDir Path tmp) throws Exception {
    var data = Synthetic.pairs(48, Synthetic.X, Synthetic.Y, 3);
    var task = new Synthetic.Contrastive();
    TrainConfig cfg = ReplicaTrainerTest.config(2).commTimeoutMs(60_000)
        .metricsPath(tmp.resolve("metrics.jsonl").toString());
    ReplicaReport local = Replicas.run(task, data, ReplicaTrainerTest.config(1)).get(0);

    // Run folder under target/ (PIDs, logs, SPARK_HOME of links to the classpath jars).
    Path runDir = Path.of("target", "cluster-test-" + System.currentTimeMillis());
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), runDir, 2)) {
      SparkSession spark = cluster.session("dp-cluster-test", 2);
      try {
        TrainResult r = DataParallelTrainer.fit(spark, task, data, cfg);
        double d = Replicas.maxAbsDiff(local.params(), r.params());
        Progress.status("standalone cluster, 2 executors vs local 1 worker: max |Δparam| = " + d);
        assertTrue(d <= ReplicaTrainerTest.TOL, "cluster result differs from local by " + d);
        assertEquals(2, r.replicas().size());
        var hosts = spark.sparkContext().statusTracker().getExecutorInfos();
        assertEquals(3, hosts.length, "driver + 2 executors");
      } finally {
        spark.stop();
      }
    }
  }
}
