package org.phenolip.train.loop;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.HashPartitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.spark.JobStage;
import org.phenolip.model.engine.Autograd;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Devices;
import org.phenolip.train.dist.RingCollective;
import org.phenolip.train.dist.SparkRendezvous;
import scala.Tuple2;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Synchronous data-parallel training as one Spark barrier stage: N tasks, one model replica
 * each, started together; they meet through {@code BarrierTaskContext.allGather}, form a
 * TCP ring ({@link SparkRendezvous}) and run {@link ReplicaTrainer}.
 *
 * <p>The barrier stage feeds a one-partition shuffle, so it is a shuffle-map stage: Spark
 * retries a failed barrier shuffle-map stage as a whole (up to
 * {@code spark.stage.maxConsecutiveAttempts}), while a failed barrier result stage is
 * aborted. A retried attempt resumes from the latest checkpoint.
 *
 * <p>Where the replicas run: on a cluster, one task per executor (executors with one core,
 * {@link #sessionConf}). In local mode ({@code local[k]}, k ≥ N) the N replicas are N threads
 * of the driver JVM with a real TCP ring among them; that works because the replicas do not
 * use DJL's one-per-JVM GradientCollector ({@link Autograd}). The math is the same either way.
 */
public final class DataParallelTrainer {
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\s*\\d+)?])?");

  private DataParallelTrainer() {}

  /**
   * Spark settings a data-parallel run needs: the barrier stage waits for every executor,
   * one task (one replica) per single-core executor, and retries of the stage.
   */
  public static Map<String, String> sessionConf(int workers) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    m.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    m.put("spark.executor.cores", "1");
    m.put("spark.task.cpus", "1");
    m.put("spark.executor.instances", String.valueOf(workers));
    m.put("spark.cores.max", String.valueOf(workers));
    m.put("spark.stage.maxConsecutiveAttempts", "4");
    m.put("spark.task.maxFailures", "4");
    return m;
  }

  /** The local master for {@code workers} replicas with Spark task retries: {@code local[N,4]}. */
  public static String localMaster(int workers) {
    return "local[" + workers + ",4]";
  }

  /**
   * Trains on rows that travel with the task (small data: every replica gets all of it and
   * takes its shard by index).
   */
  public static <T> TrainResult fit(SparkSession spark, TrainingTask<T> task, DataSource<T> data, TrainConfig cfg) {
    return run(spark, data.size(), cfg, jsc -> {
      List<Integer> ranks = new ArrayList<>();
      for (int r = 0; r < cfg.workers(); r++) ranks.add(r);
      return jsc.parallelize(ranks, cfg.workers()).rdd().barrier()
          .mapPartitions(new Replica<>(task, data.size(), BatchFeed.indexed(data), cfg), false, REPORT);
    });
  }

  /**
   * Trains on rows that stay distributed: barrier task r reads partition r of {@code rows}, its
   * own shard, through Spark; the driver never holds a row.
   */
  public static <T> TrainResult fit(SparkSession spark, TrainingTask<T> task, ShardedRows<T> rows, TrainConfig cfg) {
    if (rows.partitions().getNumPartitions() != cfg.workers()) {
      throw new IllegalArgumentException("rows are sharded for " + rows.partitions().getNumPartitions() + " workers, the run has "
          + cfg.workers());
    }
    return run(spark, rows.rows(), cfg, jsc -> rows.partitions().rdd().barrier()
        .mapPartitions(new ShardReplica<>(task, rows.rows(), cfg), false, REPORT));
  }

  private static final ClassTag<ReplicaReport> REPORT = ClassTag$.MODULE$.apply(ReplicaReport.class);

  private static TrainResult run(SparkSession spark, long rows, TrainConfig cfg,
      java.util.function.Function<JavaSparkContext, RDD<ReplicaReport>> barrierStage) {
    int n = cfg.workers();
    if (n < 1) throw new IllegalArgumentException("--workers must be >= 1: " + n);
    new Sharding(rows, cfg.globalBatch(), n, cfg.seed()); // fail early on bad batch/row counts
    SparkContext sc = spark.sparkContext();
    checkSlots(sc, n, Duration.ofSeconds(120));
    if (LOCAL.matcher(sc.master()).matches()) {
      // Replicas run in this JVM: a device it cannot give is one clear error before the stage starts.
      Devices.choose(DeviceSpec.parse(cfg.device()), List.of(), 0, Devices.gpuCount());
    }
    long t0 = System.nanoTime();
    return JobStage.run(spark, "train", "data-parallel training, " + n + " worker(s), global batch " + cfg.globalBatch(), () -> {
      RDD<ReplicaReport> trained = barrierStage.apply(JavaSparkContext.fromSparkContext(sc));
      List<ReplicaReport> reports = new ArrayList<>(new JavaRDD<>(trained, REPORT)
          .mapToPair(r -> new Tuple2<>(r.rank(), r))
          .partitionBy(new HashPartitioner(1))
          .values()
          .collect());
      reports.sort(Comparator.comparingInt(ReplicaReport::rank));
      if (reports.size() != n) throw new IllegalStateException("expected " + n + " replica reports, got " + reports.size());
      ReplicaReport r0 = reports.get(0);
      for (ReplicaReport r : reports) {
        if (r.paramChecksum() != r0.paramChecksum()) {
          throw new ReplicaDivergenceException("replica " + r.rank() + " ended with checksum "
              + Long.toHexString(r.paramChecksum()) + ", rank 0 with " + Long.toHexString(r0.paramChecksum()));
        }
      }
      // A resumed run's report covers the steps it ran; the metrics file covers the whole run.
      List<StepMetrics> whole = r0.startStep() > 0 ? MetricsLog.wholeRun(cfg.metricsPath(), r0.endStep()) : null;
      return new TrainResult(r0.params(), r0.paramChecksum(), whole != null ? whole : r0.metrics(), reports, r0.attempt(),
          (System.nanoTime() - t0) / 1e9);
    });
  }

  /** Fails with a clear message when the cluster cannot run N barrier tasks at once. */
  static void checkSlots(SparkContext sc, int n, Duration wait) {
    String master = sc.master();
    Matcher m = LOCAL.matcher(master);
    if (m.matches()) {
      int slots = m.group(1) == null ? 1
          : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
      if (slots < n) {
        throw new IllegalArgumentException("--workers " + n + " needs " + n + " task slots but master " + master
            + " has " + slots + ": use " + localMaster(n) + " (the replicas then run as threads of this JVM)");
      }
      return;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    int executors = 0;
    while (System.nanoTime() < deadline) {
      executors = sc.statusTracker().getExecutorInfos().length - 1; // minus the driver
      if (executors >= n) return;
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("--workers " + n + " needs " + n + " executors (one core each) but " + executors
        + " registered with " + master + " within " + wait.toSeconds() + " s");
  }

  /** The barrier task: rendezvous, one replica over rows shipped with the task, its report. */
  private static final class Replica<T> extends AbstractFunction1<scala.collection.Iterator<Integer>,
      scala.collection.Iterator<ReplicaReport>> implements Serializable {
    private final TrainingTask<T> task;
    private final long rows;
    private final BatchFeed.Opener<T> feeds;
    private final TrainConfig cfg;

    Replica(TrainingTask<T> task, long rows, BatchFeed.Opener<T> feeds, TrainConfig cfg) {
      this.task = task;
      this.rows = rows;
      this.feeds = feeds;
      this.cfg = cfg;
    }

    @Override
    public scala.collection.Iterator<ReplicaReport> apply(scala.collection.Iterator<Integer> ignored) {
      return train(task, rows, feeds, cfg);
    }
  }

  /** The barrier task over its own shard: the partition's rows feed the replica as it goes. */
  private static final class ShardReplica<T> extends AbstractFunction1<scala.collection.Iterator<ShardedRows.Row<T>>,
      scala.collection.Iterator<ReplicaReport>> implements Serializable {
    private final TrainingTask<T> task;
    private final long rows;
    private final TrainConfig cfg;

    ShardReplica(TrainingTask<T> task, long rows, TrainConfig cfg) {
      this.task = task;
      this.rows = rows;
      this.cfg = cfg;
    }

    @Override
    public scala.collection.Iterator<ReplicaReport> apply(scala.collection.Iterator<ShardedRows.Row<T>> shard) {
      java.util.Iterator<ShardedRows.Row<T>> it = new java.util.Iterator<>() {
        @Override
        public boolean hasNext() {
          return shard.hasNext();
        }

        @Override
        public ShardedRows.Row<T> next() {
          return shard.next();
        }
      };
      return train(task, rows, (shards, rank) -> new ShardStream<>(it, shards.localBatch(), rank), cfg);
    }
  }

  private static <T> scala.collection.Iterator<ReplicaReport> train(TrainingTask<T> task, long rows, BatchFeed.Opener<T> feeds,
      TrainConfig cfg) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    ReplicaReport report;
    try (RingCollective ring = SparkRendezvous.join(ctx, Duration.ofMillis(cfg.commTimeoutMs()))) {
      var gpu = ctx.resourcesJMap().get("gpu");
      List<String> gpus = gpu == null ? List.of() : List.of(gpu.addresses());
      report = new ReplicaTrainer<>(task, rows, feeds, cfg, ring, ctx.stageAttemptNumber(), gpus).run();
    }
    return scala.collection.Iterator$.MODULE$.single(report);
  }
}
