package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import scala.Tuple2;

/**
 * Rows that stay distributed: each barrier task reads only its partition, which holds exactly
 * the rows {@link Sharding} gives its rank, in step order; training on them equals training on
 * rows shipped with the task, with one worker or two, through a failure and a resume.
 */
class ShardedRowsTest {
  static SparkSession spark;
  static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("sharded-rows-test", DataParallelTrainer.localMaster(2), DataParallelTrainer.sessionConf(2));
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  @AfterAll
  static void stop() {
    if (spark != null) spark.stop();
  }

  /** The rows of {@code data}, indexed, spread over 3 input partitions in no particular order. */
  static <T extends java.io.Serializable> JavaPairRDD<Long, T> indexed(InMemoryData<T> data) {
    return indexed(jsc, data);
  }

  static <T extends java.io.Serializable> JavaPairRDD<Long, T> indexed(JavaSparkContext jsc, InMemoryData<T> data) {
    List<Tuple2<Long, T>> rows = new ArrayList<>();
    for (long i = data.size() - 1; i >= 0; i--) rows.add(new Tuple2<>(i, data.rows(new long[] {i}).get(0)));
    return jsc.parallelizePairs(rows, 3);
  }

  @Test
  void eachPartitionHoldsItsRanksRowsInStepOrder() {
    int n = 41;
    List<Tuple2<Long, Long>> ids = new ArrayList<>();
    for (long i = 0; i < n; i++) ids.add(new Tuple2<>(i, i));
    TrainConfig cfg = new TrainConfig().workers(2).globalBatch(8).epochs(3).seed(11);
    ShardedRows<Long> rows = ShardedRows.of(jsc.parallelizePairs(ids, 3), n, cfg);
    List<List<ShardedRows.Row<Long>>> parts = rows.partitions().glom().collect();
    assertEquals(2, parts.size());
    Sharding shards = new Sharding(n, 8, 2, 11);
    for (int rank = 0; rank < 2; rank++) {
      List<Long> expected = new ArrayList<>();
      List<Long> got = new ArrayList<>();
      for (int e = 0; e < 3; e++) {
        for (long s = 0; s < shards.stepsPerEpoch(); s++) for (long i : shards.indices(e, s, rank)) expected.add(i);
      }
      for (ShardedRows.Row<Long> r : parts.get(rank)) got.add(r.row());
      assertEquals(expected, got, "rank " + rank);
      // 5 steps per epoch × 3 epochs, 4 rows each; the epoch's leftover row (41 = 5·8 + 1) is in no batch
      assertEquals(60, got.size());
    }
    // --max-steps cuts the shuffle too: only the steps that run are moved
    ShardedRows<Long> cut = ShardedRows.of(jsc.parallelizePairs(ids, 3), n, new TrainConfig().workers(2).globalBatch(8).epochs(3).seed(11).maxSteps(7));
    assertEquals(7 * 8, cut.partitions().count());
  }

  @Test
  void twoShardReadingWorkersMatchOneWorkerWithAllRows() throws Exception {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Contrastive();
    ReplicaReport one = Replicas.run(task, data, ReplicaTrainerTest.config(1)).get(0);
    TrainConfig cfg = ReplicaTrainerTest.config(2);
    TrainResult two = DataParallelTrainer.fit(spark, task, ShardedRows.of(indexed(data), data.size(), cfg), cfg);
    double d = Replicas.maxAbsDiff(one.params(), two.params());
    assertTrue(d <= ReplicaTrainerTest.TOL, "2 shard-reading workers differ from 1 by " + d);
    assertEquals(one.metrics().size(), two.metrics().size());
    for (int s = 0; s < one.metrics().size(); s++) assertEquals(one.metrics().get(s).loss(), two.metrics().get(s).loss(), 1e-5);
  }

  @Test
  void aFailedWorkerRereadsItsShardAndResumesFromTheCheckpoint(@TempDir Path tmp) {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var task = new Synthetic.Regression();
    TrainConfig cfg = ReplicaTrainerTest.config(2);
    TrainResult straight = DataParallelTrainer.fit(spark, task, ShardedRows.of(indexed(data), data.size(), cfg), cfg);
    TrainConfig faulty = ReplicaTrainerTest.config(2).checkpointDir(tmp.resolve("ck").toUri().toString()).checkpointEvery(3)
        .failAt(1, 7).commTimeoutMs(10_000);
    TrainResult retried = DataParallelTrainer.fit(spark, task, ShardedRows.of(indexed(data), data.size(), faulty), faulty);
    assertEquals(1, retried.attempt());
    for (ReplicaReport r : retried.replicas()) assertEquals(6, r.startStep(), "resumed at the step-6 checkpoint, skipping rows before it");
    assertArrayEquals(straight.params(), retried.params());
  }

  @Test
  void theTaskDoesNotCarryTheRows() throws Exception {
    // What the driver ships to a barrier task is the same size for 40 rows and for 4,000.
    TrainConfig cfg = ReplicaTrainerTest.config(2);
    var small = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    var large = Synthetic.pairs(4000, Synthetic.X, Synthetic.Y, 1);
    long a = serializedSize(ShardedRows.of(indexed(small), small.size(), cfg).partitions().rdd().dependencies());
    long b = serializedSize(ShardedRows.of(indexed(large), large.size(), cfg).partitions().rdd().dependencies());
    long shipped = serializedSize(small);
    assertTrue(shipped > 3_000, "the in-memory data itself is " + shipped + " bytes");
    assertEquals(a, b, 64, "shuffle-side lineage grows with the data: " + a + " vs " + b);
    assertTrue(b < 100 * 4000, "lineage of 4,000 sharded rows is " + b + " bytes");
  }

  @Test
  void wrongWorkerCountIsAClearError() {
    var data = Synthetic.pairs(40, Synthetic.X, Synthetic.Y, 1);
    ShardedRows<Synthetic.Pair> rows = ShardedRows.of(indexed(data), data.size(), ReplicaTrainerTest.config(2));
    var e = assertThrows(IllegalArgumentException.class,
        () -> DataParallelTrainer.fit(spark, new Synthetic.Regression(), rows, ReplicaTrainerTest.config(1)));
    assertTrue(e.getMessage().contains("sharded for 2 workers, the run has 1"), e.getMessage());
  }

  static long serializedSize(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.size();
  }
}
