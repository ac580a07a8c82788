package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
  /**
   * Two worker JVMs, each offering one fake GPU (a discovery script printing address "0"), and
   * executors asking for it: each barrier task sees its GPU in TaskContext.resources(). With the
   * CPU libtorch, {@code --device auto} trains on the CPU and says so; {@code gpu} is refused
   * with one line on how to get a CUDA libtorch. The rows are read shard by shard
   * ({@link ShardedRows}) across the executor JVMs, and the result still equals the local one-worker run.
   */
  @Test
  void twoExecutorsMatchTheLocalOneWorkerRun(@TempDir Path tmp) throws Exception {
    var data = Synthetic.pairs(48, Synthetic.X, Synthetic.Y, 3);
    var task = new Synthetic.Contrastive();
    TrainConfig cfg = ReplicaTrainerTest.config(2).commTimeoutMs(60_000)
        .metricsPath(tmp.resolve("metrics.jsonl").toString());
    ReplicaReport local = Replicas.run(task, data, ReplicaTrainerTest.config(1)).get(0);

    Path gpus = tmp.resolve("getGpus.sh");
    Files.writeString(gpus, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
    Files.setPosixFilePermissions(gpus, PosixFilePermissions.fromString("rwxr-xr-x"));
    String workerGpu = "-Dspark.worker.resource.gpu.amount=1 -Dspark.worker.resource.gpu.discoveryScript=" + gpus.toAbsolutePath();
    // Run folder under target/ (PIDs, logs, SPARK_HOME of links to the classpath jars).
    Path runDir = Path.of("target", "cluster-test-" + System.currentTimeMillis());
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), runDir, 2, workerGpu)) {
      SparkSession spark = cluster.session("dp-cluster-test", 2,
          Map.of("spark.executor.resource.gpu.amount", "1", "spark.task.resource.gpu.amount", "1"));
      try {
        TrainResult r = DataParallelTrainer.fit(spark, task, data, cfg);
        double d = Replicas.maxAbsDiff(local.params(), r.params());
        Progress.status("standalone cluster, 2 executors vs local 1 worker: max |Δparam| = " + d);
        assertTrue(d <= ReplicaTrainerTest.TOL, "cluster result differs from local by " + d);
        assertEquals(2, r.replicas().size());
        var hosts = spark.sparkContext().statusTracker().getExecutorInfos();
        assertEquals(3, hosts.length, "driver + 2 executors");
        for (ReplicaReport rep : r.replicas()) {
          assertTrue(rep.device().startsWith("cpu() (Spark gave this task GPU 0 but libtorch has no CUDA"), rep.device());
        }

        TrainConfig sharded = ReplicaTrainerTest.config(2).commTimeoutMs(60_000);
        JavaPairRDD<Long, Synthetic.Pair> indexed = ShardedRowsTest.indexed(JavaSparkContext.fromSparkContext(spark.sparkContext()), data);
        TrainResult s = DataParallelTrainer.fit(spark, task, ShardedRows.of(indexed, data.size(), sharded), sharded);
        assertTrue(Replicas.maxAbsDiff(local.params(), s.params()) <= ReplicaTrainerTest.TOL, "shard-reading executors differ from local");

        TrainConfig gpu = ReplicaTrainerTest.config(2).commTimeoutMs(60_000).device("gpu");
        Exception e = assertThrows(Exception.class, () -> DataParallelTrainer.fit(spark, task, data, gpu));
        String msg = String.valueOf(e.getMessage());
        assertTrue(msg.contains("--device gpu: the PyTorch engine sees no CUDA device (Spark gave this task GPU 0)")
            && msg.contains("PYTORCH_LIBRARY_PATH"), msg);
      } finally {
        spark.stop();
      }
    }
  }
}
