package org.phenolip.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ai.djl.nn.Block;
import ai.djl.ndarray.NDManager;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.train.stage2.Stage2Row;
import org.phenolip.train.stage2.Stage2Task;

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
  /**
   * {@code kill -9} of one executor JVM in the middle of stage 2 (the real task: ISIC images
   * decoded and augmented in the replicas, the tiny towers, distillation through the learned
   * projection over teacher prototypes): the barrier stage fails, the worker launches a new
   * executor, Spark reruns the stage, both replicas resume from the last checkpoint and the
   * result is bit for bit that of an uninterrupted run on the same cluster.
   */
  @Test
  void killedExecutorIsReplacedAndStage2ResumesFromTheCheckpoint(@TempDir Path tmp) throws Exception {
    var data = new InMemoryData<>(stage2Rows()); // 16 rows, global batch 8: 2 steps per epoch
    TrainingTask<Stage2Row> task = stage2Task();
    TrainConfig base = ReplicaTrainerTest.config(2).epochs(15).checkpointEvery(4).commTimeoutMs(30_000).lr(2e-3f); // 30 steps
    Path ck = tmp.resolve("ck");
    TrainConfig faulty = ReplicaTrainerTest.config(2).epochs(15).checkpointEvery(4).commTimeoutMs(30_000).lr(2e-3f)
        .checkpointDir(ck.toUri().toString()).metricsPath(tmp.resolve("metrics.jsonl").toString());
    Path runDir = Path.of("target", "cluster-kill-test-" + System.currentTimeMillis());
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), runDir, 2, "")) {
      SparkSession spark = cluster.session("dp-cluster-kill-test", 2);
      try {
        TrainResult straight = DataParallelTrainer.fit(spark, task, data, base);
        assertEquals(0, straight.attempt());
        String app = spark.sparkContext().applicationId();
        List<ProcessHandle> before = executors(app);
        assertEquals(2, before.size(), "two executor JVMs of " + app + " before the kill: " + before);

        // Each step sleeps 250 ms more, so the run lasts well over 8 s and the kill lands mid-training.
        var killer = java.util.concurrent.Executors.newSingleThreadExecutor();
        var killed = killer.submit(() -> {
          long deadline = System.nanoTime() + 120_000_000_000L;
          while (!Files.exists(ck.resolve("CURRENT"))) {
            if (System.nanoTime() > deadline) throw new AssertionError("no checkpoint under " + ck + " within 120 s");
            Thread.sleep(50);
          }
          ProcessHandle victim = executors(app).get(0);
          Progress.status("checkpoint written; kill -9 executor pid " + victim.pid());
          victim.destroyForcibly(); // SIGKILL
          if (!victim.onExit().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS).isAlive()) return victim.pid();
          throw new AssertionError("executor " + victim.pid() + " still alive after SIGKILL");
        });
        long t0 = System.nanoTime();
        TrainResult resumed;
        try {
          resumed = DataParallelTrainer.fit(spark, new Slow<>(task, 250), data, faulty);
        } finally {
          killer.shutdown();
        }
        long victimPid = killed.get(10, java.util.concurrent.TimeUnit.SECONDS);
        Progress.status(String.format("killed executor %d; run with the kill took %.1f s, attempt %d, resumed at step %d",
            victimPid, (System.nanoTime() - t0) / 1e9, resumed.attempt(), resumed.replicas().get(0).startStep()));

        assertTrue(resumed.attempt() >= 1, "the barrier stage ran again after the kill (attempt " + resumed.attempt() + ")");
        for (ReplicaReport r : resumed.replicas()) {
          assertTrue(r.startStep() > 0 && r.startStep() % 4 == 0 && r.startStep() < 30,
              "rank " + r.rank() + " resumed from a checkpoint step, not from scratch: start " + r.startStep());
          assertEquals(30, r.endStep());
        }
        assertEquals(30, resumed.metrics().size(), "the metrics cover the whole run");
        assertTrue(straight.metrics().get(29).loss() < straight.metrics().get(0).loss(), "stage 2 learned: " + straight.metrics());
        assertEquals(straight.checksum(), resumed.checksum(), "checksum of the uninterrupted run");
        org.junit.jupiter.api.Assertions.assertArrayEquals(straight.params(), resumed.params(), "bit for bit the uninterrupted result");
        List<ProcessHandle> after = executors(app);
        assertEquals(2, after.size(), "the worker launched a replacement executor: " + after);
        assertTrue(after.stream().noneMatch(p -> p.pid() == victimPid), "the killed executor is gone");
      } finally {
        spark.stop();
      }
    }
  }

  /** Stage 2 on the tiny towers with distillation (λ 0.5) over 5 random teacher prototypes. */
  static Stage2Task stage2Task() {
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"));
    ModelConfig config = ModelConfig.tiny(tok.size());
    float[] protos = new float[5 * config.embedDim()];
    java.util.Random r = new java.util.Random(9);
    for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    return new Stage2Task(config, tok, 3, null, protos, 5, 0.1f, 0.1f, 0.5f);
  }

  /** 16 real ISIC images (4 classes), captioned with their class, with random teacher caption embeddings. */
  static List<Stage2Row> stage2Rows() throws java.io.IOException {
    java.util.Random r = new java.util.Random(5);
    List<Stage2Row> rows = new java.util.ArrayList<>();
    for (String cls : List.of("melanoma", "nevus", "basal_cell_carcinoma", "vascular_lesion")) {
      try (var files = Files.list(Path.of("../data/images/isic_9class/train_subset").resolve(cls))) {
        for (Path f : files.sorted().limit(4).toList()) {
          float[] t = new float[64];
          for (int i = 0; i < t.length; i++) t[i] = (float) r.nextGaussian();
          rows.add(new Stage2Row(f.getFileName().toString(), Files.readAllBytes(f), "Dermoscopy of a " + cls.replace('_', ' ') + ".", t));
        }
      }
    }
    return rows;
  }

  /** The executor JVMs of application {@code app} on this machine (a worker launches them as its children). */
  static List<ProcessHandle> executors(String app) {
    return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
      String cmd = commandLine(p);
      return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(app);
    }).sorted(java.util.Comparator.comparingLong(ProcessHandle::pid)).toList();
  }

  private static String commandLine(ProcessHandle p) {
    try { // the whole command line: ProcessHandle.Info may leave out the arguments
      return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")), java.nio.charset.StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (java.io.IOException | RuntimeException e) {
      Optional<String> c = p.info().commandLine();
      return c.orElse("");
    }
  }

  /** The same task, each step {@code sleepMs} slower: the parameters are those of {@code inner}. */
  static final class Slow<T> implements TrainingTask<T> {
    private final TrainingTask<T> inner;
    private final long sleepMs;

    Slow(TrainingTask<T> inner, long sleepMs) {
      this.inner = inner;
      this.sleepMs = sleepMs;
    }

    @Override
    public Block buildModel(NDManager manager) {
      return inner.buildModel(manager);
    }

    @Override
    public float lossAndBackward(Block model, List<T> batch, StepContext ctx) {
      try {
        Thread.sleep(sleepMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      return inner.lossAndBackward(model, batch, ctx);
    }

    @Override
    public TrainConfig.Reduction reduction() {
      return inner.reduction();
    }

    @Override
    public void afterStep(Block model) {
      inner.afterStep(model);
    }

    @Override
    public List<T> prepare(List<T> rows, long step, int firstGlobalRow) {
      return inner.prepare(rows, step, firstGlobalRow);
    }

    @Override
    public float[] learningRateScales(Block model, org.phenolip.train.optim.ParameterVector pv) {
      return inner.learningRateScales(model, pv);
    }
  }
}
