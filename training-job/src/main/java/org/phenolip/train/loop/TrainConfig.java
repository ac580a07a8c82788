package org.phenolip.train.loop;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phenolip.train.optim.AdamW;
import org.phenolip.train.optim.LrSchedule;

/** Settings of one data-parallel training run (fluent setters; travels to every task). */
public final class TrainConfig implements Serializable {
  /** How the workers' gradients are combined; each task declares its own ({@link TrainingTask#reduction}). */
  public enum Reduction { MEAN, SUM }

  private int workers = 1;
  private int globalBatch = 32;
  private int epochs = 1;
  private long maxSteps = -1;
  private long seed = 42;
  private float lr = 1e-3f;
  private long warmupSteps = 0;
  private float minLr = 0f;
  private AdamW.Hyper hyper = AdamW.Hyper.defaults();
  private double clipNorm = 0;
  private String checkpointDir;
  private long checkpointEvery = 0;
  private boolean resume;
  private Map<String, String> hadoopConf = new LinkedHashMap<>();
  private long checksumEvery = 10;
  private String metricsPath;
  private long commTimeoutMs = 120_000;
  private int failRank = -1;
  private long failStep = -1;
  private boolean progress = true;
  private int bucketFloats = DEFAULT_BUCKET_FLOATS;
  private String device = "auto";

  /** A {@code --device} value each replica resolves against its task's GPUs ({@link org.phenolip.model.tower.Devices#choose}). */
  public String device() { return device; }
  public TrainConfig device(String v) { org.phenolip.model.tower.DeviceSpec.parse(v); device = v; return this; }
  public int workers() { return workers; }
  public TrainConfig workers(int v) { workers = v; return this; }
  public int globalBatch() { return globalBatch; }
  public TrainConfig globalBatch(int v) { globalBatch = v; return this; }
  public int epochs() { return epochs; }
  public TrainConfig epochs(int v) { epochs = v; return this; }
  /** Stop after this many global steps in all (the schedule still spans every epoch); -1: no limit. */
  public long maxSteps() { return maxSteps; }
  public TrainConfig maxSteps(long v) { maxSteps = v; return this; }
  public long seed() { return seed; }
  public TrainConfig seed(long v) { seed = v; return this; }
  public float lr() { return lr; }
  public TrainConfig lr(float v) { lr = v; return this; }
  public long warmupSteps() { return warmupSteps; }
  public TrainConfig warmupSteps(long v) { warmupSteps = v; return this; }
  public float minLr() { return minLr; }
  public TrainConfig minLr(float v) { minLr = v; return this; }
  public AdamW.Hyper hyper() { return hyper; }
  public TrainConfig hyper(AdamW.Hyper v) { hyper = v; return this; }
  /** Clip the global gradient norm to this; 0: no clipping. */
  public double clipNorm() { return clipNorm; }
  public TrainConfig clipNorm(double v) { clipNorm = v; return this; }
  /** Hadoop path (file:, hdfs:, s3a:) for checkpoints; null: none. */
  public String checkpointDir() { return checkpointDir; }
  public TrainConfig checkpointDir(String v) { checkpointDir = v; return this; }
  public long checkpointEvery() { return checkpointEvery; }
  public TrainConfig checkpointEvery(long v) { checkpointEvery = v; return this; }
  public boolean resume() { return resume; }
  public TrainConfig resume(boolean v) { resume = v; return this; }
  public Map<String, String> hadoopConf() { return hadoopConf; }
  public TrainConfig hadoopConf(Map<String, String> v) { hadoopConf = new LinkedHashMap<>(v); return this; }
  /** Compare the replicas' parameter checksums every this many steps (and at the end); 0: only at the end. */
  public long checksumEvery() { return checksumEvery; }
  public TrainConfig checksumEvery(long v) { checksumEvery = v; return this; }
  /** Per-step metrics as JSON lines, written by rank 0 on its host; null: none. */
  public String metricsPath() { return metricsPath; }
  public TrainConfig metricsPath(String v) { metricsPath = v; return this; }
  public long commTimeoutMs() { return commTimeoutMs; }
  public TrainConfig commTimeoutMs(long v) { commTimeoutMs = v; return this; }
  /** Fault injection for tests: worker {@code rank} throws at {@code step} in the first stage attempt. */
  public TrainConfig failAt(int rank, long step) { failRank = rank; failStep = step; return this; }
  public int failRank() { return failRank; }
  public long failStep() { return failStep; }
  /**
   * Gradient bucket size for the all-reduce, in floats: gradients are copied out of native memory
   * bucket by bucket (in parameter order) and each bucket is all-reduced on a communication thread
   * while the next one is copied. 0: one fused all-reduce after the whole copy (the path before
   * issue 14, kept selectable for DataParallelBench). The result does not depend on it with 1 or
   * 2 workers (a+b is exact-commutative); with more, the rounding of each sum depends only on the
   * bucket layout, never on timing.
   */
  public int bucketFloats() { return bucketFloats; }
  public TrainConfig bucketFloats(int v) {
    if (v < 0) throw new IllegalArgumentException("bucketFloats " + v + " < 0");
    bucketFloats = v;
    return this;
  }
  /** 32k floats (128 KB): several buckets for the 98k-parameter bench model, few frames for big ones. */
  public static final int DEFAULT_BUCKET_FLOATS = 1 << 15;
  public boolean progress() { return progress; }
  public TrainConfig progress(boolean v) { progress = v; return this; }

  public LrSchedule schedule(long totalSteps) {
    return new LrSchedule(lr, warmupSteps, totalSteps, minLr);
  }

  /** The settings that define the result, recorded in checkpoints. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("workers", workers);
    m.put("device", device);
    m.put("global_batch", globalBatch);
    m.put("epochs", epochs);
    m.put("seed", seed);
    m.put("lr", lr);
    m.put("warmup_steps", warmupSteps);
    m.put("min_lr", minLr);
    m.put("beta1", hyper.beta1());
    m.put("beta2", hyper.beta2());
    m.put("eps", hyper.eps());
    m.put("weight_decay", hyper.weightDecay());
    m.put("decay_vectors", hyper.decayVectors());
    m.put("clip_norm", clipNorm);
    return m;
  }
}
