package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.Progress;
import org.phenolip.core.spark.SparkSessions;

/**
 * The Spark barrier stage in local mode: replicas are task threads of this JVM that meet
 * through BarrierTaskContext.allGather and talk over a real TCP ring.
 */
class DataParallelTrainerTest {
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("dp-test", DataParallelTrainer.localMaster(2), DataParallelTrainer.sessionConf(2));
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
  }

  static TrainConfig config(int workers) {
    return ReplicaTrainerTest.config(workers);
  }

  @Test
  void twoBarrierTasksMatchOneWorker() throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Contrastive();
    ReplicaReport one = Replicas.run(task, data, config(1)).get(0);
    TrainResult two = DataParallelTrainer.fit(spark, task, data, config(2));
    assertEquals(2, two.replicas().size());
    assertEquals(two.replicas().get(0).paramChecksum(), two.replicas().get(1).paramChecksum());
    double d = Replicas.maxAbsDiff(one.params(), two.params());
    Progress.status("spark local, 2 workers vs 1: max |Δparam| = " + d);
    assertTrue(d <= ReplicaTrainerTest.TOL, "2 workers differ from 1 by " + d);
    assertEquals(10, two.metrics().size());
    assertTrue(two.metrics().stream().allMatch(m -> m.commSeconds() > 0 && m.samplesPerSec() > 0));
  }

  @Test
  void failedTaskIsRetriedAndResumesFromTheLastCheckpoint(@TempDir Path tmp) throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    TrainResult straight = DataParallelTrainer.fit(spark, task, data, config(1));
    Path metrics = tmp.resolve("metrics.jsonl");
    TrainConfig faulty = config(1).checkpointDir(tmp.resolve("ck").toUri().toString()).checkpointEvery(2).failAt(0, 5)
        .metricsPath(metrics.toString());
    TrainResult retried = DataParallelTrainer.fit(spark, task, data, faulty);
    assertEquals(1, retried.attempt(), "the barrier stage ran a second time");
    assertEquals(4, retried.replicas().get(0).startStep(), "resumed from the step-4 checkpoint");
    assertArrayEquals(straight.params(), retried.params(), "bit for bit the uninterrupted result");
    // step 4 ran twice (before the fault and after the resume) but is logged once; the result covers all steps
    List<Long> steps = new java.util.ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(metrics)) {
      steps.add(org.phenolip.core.io.Json.MAPPER.readTree(line).get("step").asLong());
    }
    assertEquals(java.util.stream.LongStream.range(0, 10).boxed().toList(), steps);
    assertEquals(10, retried.metrics().size(), "the summary covers the whole run");
    assertEquals(straight.metrics().get(0).loss(), retried.metrics().get(0).loss(), 0.0);
  }

  @Test
  void failedWorkerOfTwoMakesBothResume(@TempDir Path tmp) {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    TrainResult straight = DataParallelTrainer.fit(spark, task, data, config(2));
    TrainConfig faulty = config(2).checkpointDir(tmp.resolve("ck").toUri().toString()).checkpointEvery(3)
        .failAt(1, 7).commTimeoutMs(10_000);
    TrainResult retried = DataParallelTrainer.fit(spark, task, data, faulty);
    assertEquals(1, retried.attempt());
    for (ReplicaReport r : retried.replicas()) assertEquals(6, r.startStep());
    assertArrayEquals(straight.params(), retried.params());
  }

  @Test
  void tooFewSlotsIsAClearError() {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    Exception e = assertThrows(IllegalArgumentException.class,
        () -> DataParallelTrainer.fit(spark, new Synthetic.Regression(), data, config(4)));
    assertTrue(e.getMessage().contains("needs 4 task slots but master local[2,4] has 2"), e.getMessage());
  }
}
