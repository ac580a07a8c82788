package org.phenolip.train.loop;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.engine.Autograd;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Devices;
import org.phenolip.train.checkpoint.CheckpointStore;
import org.phenolip.train.checkpoint.TrainingState;
import org.phenolip.train.dist.Collective;
import org.phenolip.train.optim.AdamW;
import org.phenolip.train.optim.GradientClipping;
import org.phenolip.train.optim.LrSchedule;
import org.phenolip.train.optim.ParameterVector;

/**
 * One model replica's training loop, independent of Spark: give it a {@link Collective}
 * (a {@code RingCollective} in a barrier task, {@code LocalCollective} alone) and every
 * replica runs the same steps:
 * <ol>
 *   <li>its slice of the global batch ({@link Sharding}), the caller's loss and backward;</li>
 *   <li>gradients copied out bucket by bucket into one fused buffer, the loss appended; each
 *       bucket is ring-all-reduced on a communication thread while the next is copied
 *       ({@link TrainConfig#bucketFloats}); ÷N for MEAN;</li>
 *   <li>global-norm clipping, AdamW at the scheduled rate, same bits on every replica;</li>
 *   <li>every K steps a checksum comparison across replicas, and rank 0's checkpoint.</li>
 * </ol>
 * Start: from the latest checkpoint when resuming (or in a retried stage attempt), else from
 * rank 0's initial parameters, broadcast.
 */
public final class ReplicaTrainer<T> {
  private static final Object INIT_LOCK = new Object();

  private final TrainingTask<T> task;
  private final long rows;
  private final BatchFeed.Opener<T> feeds;
  private final TrainConfig cfg;
  private final TimedCollective comm;
  private final int attempt;
  private final List<String> taskGpus;

  /**
   * Local batches are prepared this many steps ahead of the one being computed, by one background
   * thread. Chosen from model's DecodeBench (ImagePipeline.train, one core, ISIC 180 px images;
   * model/bench-results/decode-bench-after.json, 2-core machine at load 10–16, CPU-time medians):
   * 3.9 ms/image at 224 px (JPEG; PNG 4.4 ms), 0.67 ms at 32 px (PNG 1.0 ms), i.e. a local batch
   * of 32 takes ~125–140 ms (small) and ~21–32 ms (tiny) to prepare, against a compute step of
   * 1.53 s (small) and 57 ms (tiny) on 2 threads (TrainThroughputBench, README, idle; that step
   * has no text tower, so real steps are longer). Preparation is 8–9% (small) and 38–56% (tiny)
   * of a step: one batch ahead already hides it in the steady state (its CPU still comes out of
   * the same cores); a second lets one batch take up to about two steps to prepare (larger real
   * figures, a GC pause) without stalling the replica. More depth would not help: while
   * preparation is faster than compute the queue is already full, and when it is slower (a GPU
   * step, or figures far larger than 180 px at 32 px) throughput is bound by the one preparing
   * thread whatever the depth.
   * Memory: depth × local batch × 3·S·S floats, 2 × 32 × 602 KB = 39 MB at 224 px.
   */
  static final int PREFETCH_DEPTH = 2;

  public ReplicaTrainer(TrainingTask<T> task, DataSource<T> data, TrainConfig cfg, Collective collective, int attempt) {
    this(task, data.size(), BatchFeed.indexed(data), cfg, collective, attempt, List.of());
  }

  /**
   * A replica over {@code rows} training rows whose local batches come from {@code feeds}, on the
   * device {@code cfg.device()} names given the GPUs Spark assigned its task ({@code taskGpus}).
   */
  public ReplicaTrainer(TrainingTask<T> task, long rows, BatchFeed.Opener<T> feeds, TrainConfig cfg, Collective collective,
      int attempt, List<String> taskGpus) {
    if (collective.size() != cfg.workers()) {
      throw new IllegalArgumentException("collective has " + collective.size() + " workers, config " + cfg.workers());
    }
    this.task = task;
    this.rows = rows;
    this.feeds = feeds;
    this.cfg = cfg;
    this.comm = new TimedCollective(collective);
    this.attempt = attempt;
    this.taskGpus = List.copyOf(taskGpus);
  }

  public ReplicaReport run() {
    boolean oldGrad = Autograd.gradMode(false);
    long t0 = System.nanoTime();
    int rank = comm.rank();
    int n = comm.size();
    Devices.Choice device = Devices.choose(DeviceSpec.parse(cfg.device()), taskGpus, rank, Devices.gpuCount());
    if (device.note() != null && rank == 0) Progress.status("replica device: " + device);
    try (NDManager manager = NDManager.newBaseManager(device.device())) {
      Block model = buildModel(manager);
      ParameterVector pv = ParameterVector.trainable(model);
      try (AdamW opt = new AdamW(pv, cfg.hyper(), task.learningRateScales(model, pv))) {
        Sharding shards = new Sharding(rows, cfg.globalBatch(), n, cfg.seed());
        long perEpoch = shards.stepsPerEpoch();
        long total = perEpoch * cfg.epochs();
        long stop = cfg.maxSteps() >= 0 ? Math.min(total, cfg.maxSteps()) : total;
        LrSchedule schedule = cfg.schedule(total);
        CheckpointStore store = cfg.checkpointDir() == null ? null : new CheckpointStore(cfg.checkpointDir(), cfg.hadoopConf());
        long start = startingPoint(store, pv, opt);
        verifyReplicas(pv, start);

        List<StepMetrics> metrics = new ArrayList<>();
        MetricsLog log = rank == 0 && cfg.metricsPath() != null ? new MetricsLog(cfg.metricsPath(), start) : null;
        Progress.Bar bar = rank == 0 && cfg.progress() ? new Progress.Bar("train", stop) : null;
        float[] flat = new float[pv.size() + 1];
        int[] buckets = buckets(pv, cfg.bucketFloats());
        try (BatchFeed<T> feed = new PrefetchingFeed<>(feeds.open(shards, rank), task, rank, rank * shards.localBatch(), stop,
            PREFETCH_DEPTH)) {
          for (long step = start; step < stop; step++) {
            long ts = System.nanoTime();
            long commBefore = comm.nanos();
            long waitBefore = comm.waitNanos();
            int epoch = (int) (step / perEpoch);
            if (rank == cfg.failRank() && step == cfg.failStep() && attempt == 0) {
              throw new InjectedFault(rank, step, attempt);
            }
            List<T> batch = feed.batch(step);
            float loss = lossAndBackward(model, manager, batch, step, epoch);
            double meanLoss = allReduceGradients(pv, flat, buckets, loss, step, epoch);
            double norm = GradientClipping.clipByGlobalNorm(flat, pv.size(), cfg.clipNorm());
            float lr = schedule.at(step);
            opt.step(flat, lr);
            task.afterStep(model);

            long done = step + 1;
            if (cfg.checksumEvery() > 0 && done % cfg.checksumEvery() == 0) verifyReplicas(pv, done);
            double stepS = (System.nanoTime() - ts) / 1e9;
            double commS = (comm.nanos() - commBefore) / 1e9;
            double waitS = n == 1 ? 0 : (comm.waitNanos() - waitBefore) / 1e9;
            StepMetrics sm = new StepMetrics(step, epoch, meanLoss, lr, norm, cfg.globalBatch() / stepS, commS, stepS, n, attempt,
                waitS);
            if (rank == 0) record(sm, done, metrics, log, bar);
            if (store != null && ((cfg.checkpointEvery() > 0 && done % cfg.checkpointEvery() == 0) || done == stop)) {
              if (rank == 0) save(store, pv, opt, done, perEpoch);
              comm.barrier(); // nobody runs ahead of a checkpoint that is still being written
            }
          }
        } finally {
          if (log != null) log.close();
        }
        verifyReplicas(pv, stop);
        float[] params = rank == 0 && cfg.modelPath() == null ? pv.values() : null;
        if (rank == 0 && cfg.modelPath() != null) writeModel(model);
        return new ReplicaReport(rank, attempt, start, stop, pv.checksum(), params, metrics, comm.nanos() / 1e9,
            (System.nanoTime() - t0) / 1e9, device.toString());
      }
    } finally {
      commThread.shutdownNow();
      Autograd.gradMode(oldGrad);
    }
  }

  /** The task's model, initialised from the run's seed. */
  private Block buildModel(NDManager manager) {
    // The engine's generator is process-wide: replicas sharing a JVM initialize one at a time.
    synchronized (INIT_LOCK) {
      Engine.getInstance().setRandomSeed((int) cfg.seed());
      return task.buildModel(manager);
    }
  }

  /**
   * The step to start at: the latest checkpoint's when resuming (or in a retried stage attempt),
   * its parameters and optimizer state loaded; else 0, with rank 0's initial parameters broadcast.
   */
  private long startingPoint(CheckpointStore store, ParameterVector pv, AdamW opt) {
    TrainingState resumed = (store != null && (cfg.resume() || attempt > 0)) ? latest(store) : null;
    if (resumed != null) {
      checkCompatible(resumed, pv);
      pv.setValues(resumed.params());
      opt.importState(resumed.optimizer());
      return resumed.globalStep();
    }
    pv.setValues(comm.broadcast(pv.values(), 0));
    return 0;
  }

  /** The task's loss on the local batch, back-propagated with grad mode on for this thread only. */
  private float lossAndBackward(Block model, NDManager manager, List<T> batch, long step, int epoch) {
    try (NDManager stepManager = manager.newSubManager()) {
      Autograd.gradMode(true);
      try {
        return task.lossAndBackward(model, batch, new StepContext(comm, stepManager, step, epoch, cfg.globalBatch(), cfg.seed()));
      } finally {
        Autograd.gradMode(false);
      }
    }
  }

  /** One thread that runs the bucket all-reduces in order while the caller copies the next bucket. */
  private final java.util.concurrent.ExecutorService commThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "replica-allreduce");
    t.setDaemon(true);
    return t;
  });

  /**
   * Bucket boundaries as parameter indices {@code 0 = b[0] < b[1] < ... = pv.count()}: consecutive
   * parameters until a bucket has at least {@code floats} values; one bucket when {@code floats}
   * is 0. Fixed for the run, so every worker cuts the same buckets.
   */
  static int[] buckets(ParameterVector pv, int floats) {
    List<Integer> b = new ArrayList<>();
    b.add(0);
    if (floats > 0) {
      for (int i = 1; i < pv.count(); i++) {
        if (pv.offset(i) - pv.offset(b.get(b.size() - 1)) >= floats) b.add(i);
      }
    }
    b.add(pv.count());
    return b.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Copies this replica's gradients and loss into {@code flat} bucket by bucket, all-reducing each
   * bucket on the communication thread while the next is copied out of native memory; then ÷N when
   * the task reduces by MEAN, and returns the mean loss; a non-finite loss stops the run. The
   * step's communication time is what the caller waits for after the last copy (the part not
   * hidden); the bucket layout, never timing, decides which rank sums which element.
   */
  private double allReduceGradients(ParameterVector pv, float[] flat, int[] buckets, float loss, long step, int epoch) {
    int n = comm.size();
    Collective ring = comm.inner();
    int nb = buckets.length - 1;
    List<java.util.concurrent.Future<?>> pending = new ArrayList<>(nb);
    try {
      for (int b = 0; b < nb; b++) {
        pv.readGradients(flat, buckets[b], buckets[b + 1]);
        int off = pv.offset(buckets[b]);
        int end = b == nb - 1 ? pv.size() + 1 : pv.offset(buckets[b + 1]);
        if (b == nb - 1) flat[pv.size()] = loss;
        if (n == 1) continue;
        if (nb == 1) {
          comm.allReduceSum(flat, off, end - off); // the single fused buffer: timed as it runs
        } else {
          pending.add(commThread.submit(() -> ring.allReduceSum(flat, off, end - off)));
        }
      }
      long t = System.nanoTime();
      try {
        for (var f : pending) f.get();
      } finally {
        comm.addNanos(System.nanoTime() - t);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new IllegalStateException("gradient all-reduce failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in the gradient all-reduce", e);
    } finally {
      // A failed bucket breaks the ring, so the later ones fail fast; never leave one running.
      for (var f : pending) f.cancel(true);
    }
    pv.zeroGradients();
    if (task.reduction() == TrainConfig.Reduction.MEAN) {
      float inv = 1f / n;
      for (int i = 0; i < pv.size(); i++) flat[i] *= inv;
    }
    double meanLoss = flat[pv.size()] / n;
    if (!Double.isFinite(meanLoss)) {
      throw new IllegalStateException("loss is " + meanLoss + " at step " + step + " (epoch " + epoch + "): training diverged");
    }
    return meanLoss;
  }

  /** Rank 0 keeps the step's metrics, writes them to the log and moves the progress bar. */
  private static void record(StepMetrics sm, long done, List<StepMetrics> metrics, MetricsLog log, Progress.Bar bar) {
    metrics.add(sm);
    if (log != null) log.write(sm);
    if (bar != null) {
      bar.update(done, String.format(Locale.ROOT, "loss=%.4f lr=%.2e %.1f samples/s comm=%.1f ms",
          sm.loss(), sm.lr(), sm.samplesPerSec(), sm.commSeconds() * 1e3));
    }
  }

  private static TrainingState latest(CheckpointStore store) {
    try {
      return store.latest();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint under " + store.root() + ": " + e.getMessage(), e);
    }
  }

  private void checkCompatible(TrainingState s, ParameterVector pv) {
    if (!s.paramNames().equals(pv.names()) || s.params().length != pv.size()) {
      throw new IllegalStateException("checkpoint under " + cfg.checkpointDir() + " is of another model: parameters "
          + s.paramNames() + " (" + s.params().length + " values), this model " + pv.names() + " (" + pv.size() + ")");
    }
    Object batch = s.config() == null ? null : s.config().get("global_batch");
    if (s.seed() != cfg.seed() || (batch != null && ((Number) batch).intValue() != cfg.globalBatch())) {
      throw new IllegalStateException("resume needs the checkpoint's seed and global batch (seed " + s.seed()
          + ", batch " + batch + "); this run has seed " + cfg.seed() + ", batch " + cfg.globalBatch());
    }
  }

  /** Rank 0 ships the model itself, through Hadoop FS, in one atomic write: the driver never holds it. */
  private void writeModel(Block model) {
    try {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      task.writeModel(model, bytes);
      org.phenolip.core.io.Storage.forTask().writeAtomic(cfg.modelPath(), bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to " + cfg.modelPath() + ": " + e.getMessage(), e);
    }
  }

  private void save(CheckpointStore store, ParameterVector pv, AdamW opt, long done, long perEpoch) {
    TrainingState s = new TrainingState(done, (int) (done / perEpoch), done % perEpoch, cfg.seed(), pv.names(),
        pv.values(), opt.exportState(), checkpointConfig());
    try {
      store.save(s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint at step " + done + " under " + store.root(), e);
    }
  }

  /** The settings recorded in a checkpoint: the run's, and the task's gradient reduction. */
  private java.util.Map<String, Object> checkpointConfig() {
    java.util.Map<String, Object> m = cfg.toMap();
    m.put("reduction", task.reduction().name());
    return m;
  }

  /** All-gathers the 64-bit parameter checksums (as four exact 16-bit floats) and compares them. */
  private void verifyReplicas(ParameterVector pv, long step) {
    if (comm.size() == 1) return;
    long h = pv.checksum();
    float[] mine = {(h >>> 48) & 0xFFFF, (h >>> 32) & 0xFFFF, (h >>> 16) & 0xFFFF, h & 0xFFFF};
    float[] all = comm.allGather(mine);
    long[] sums = new long[comm.size()];
    for (int r = 0; r < comm.size(); r++) {
      long v = 0;
      for (int k = 0; k < 4; k++) v = (v << 16) | (long) all[4 * r + k];
      sums[r] = v;
    }
    for (int r = 1; r < sums.length; r++) {
      if (sums[r] != sums[0]) {
        throw new ReplicaDivergenceException(String.format(
            "replica parameters diverged after step %d: rank %d checksum %016x differs from rank 0's %016x",
            step, r, sums[r], sums[0]));
      }
    }
  }
}
