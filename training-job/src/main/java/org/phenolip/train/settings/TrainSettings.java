package org.phenolip.train.settings;

import java.nio.file.Path;
import org.phenolip.core.io.OutputFolder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.loop.TrainConfig;

/**
 * What both training stages are given, typed and checked once before any work starts (as
 * MLlib's ParamValidators); the CLI builds it from its options, the trainers never see the CLI.
 *
 * @param kg PhenoKG folder (a published folder or one version)
 * @param out output folder (local, hdfs:, s3a:): model/, metrics.jsonl, the summary JSON, checkpoints/
 * @param batchSize the global batch, split evenly over the workers
 * @param maxSteps stop after this many steps in all (-1: every epoch)
 * @param vocab WordPiece vocab.txt, a local path or a Hadoop URI; null: the bundled SciBERT vocabulary
 * @param excludeBench benchmark exclusion list, a local path or a Hadoop URI; null: none
 * @param failAt testing only; null: no injected failure
 * @param kgVersion the PhenoKG version to read (Delta time travel: {@code 3} or {@code v3}); null: the current one
 */
public record TrainSettings(String kg, OutputFolder out, Preset preset, int epochs, long maxSteps, int batchSize, float lr,
                            long warmupSteps, long seed, int workers, long checkpointEvery, boolean resume,
                            String excludeBench, String vocab, DeviceSpec device, FailureInjection failAt, String curated,
                            String kgVersion) {
  /** The floor of the cosine decay is the peak rate divided by this. */
  public static final int MIN_LR_DIVISOR = 10;
  /** Global gradient-norm clip. */
  public static final double CLIP_NORM = 1.0;

  public TrainSettings {
    if (kg == null || kg.isBlank()) throw new IllegalArgumentException("--kg is required");
    if (out == null) throw new IllegalArgumentException("--out is required");
    if (preset == null) throw new IllegalArgumentException("--preset is required");
    if (device == null) device = DeviceSpec.AUTO;
    if (workers < 1) throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    if (!(lr > 0) || !Float.isFinite(lr)) throw new IllegalArgumentException("--lr must be a positive number, got " + lr);
    if (warmupSteps < 0) throw new IllegalArgumentException("--warmup-steps must be ≥ 0, got " + warmupSteps);
    if (checkpointEvery < 0) throw new IllegalArgumentException("--checkpoint-every must be ≥ 0, got " + checkpointEvery);
  }

  /** --vocab as given (a local path or a Hadoop URI), else the bundled vocabulary's path: what records name. */
  public String vocabSource() {
    return vocab != null ? vocab : bundledVocab().toString();
  }

  /** The vocabulary as a local file for the tokenizer: a remote --vocab is copied once per JVM. */
  public Path vocabOrDefault() {
    if (vocab == null) return bundledVocab();
    try {
      return org.phenolip.core.io.Storage.forTask().localTree(vocab);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read --vocab " + vocab + ": " + e.getMessage(), e);
    }
  }

  /** The bundled SciBERT vocabulary (under phenolip.home, or beside the module). */
  private static Path bundledVocab() {
    String home = System.getProperty("phenolip.home", ".");
    Path p = Path.of(home, "data", "vocab", "scibert_scivocab_uncased.vocab.txt");
    if (!p.toFile().isFile()) p = Path.of("..", "data", "vocab", "scibert_scivocab_uncased.vocab.txt");
    if (!p.toFile().isFile()) throw new IllegalArgumentException("no --vocab given and the bundled vocabulary is not at " + p);
    return p;
  }

  /** The data-parallel loop's settings; the gradient reduction is the task's own. */
  public TrainConfig config() {
    TrainConfig c = new TrainConfig().device(device.toString()).workers(workers).globalBatch(batchSize).epochs(epochs).maxSteps(maxSteps)
        .seed(seed).lr(lr).warmupSteps(warmupSteps).minLr(lr / MIN_LR_DIVISOR).clipNorm(CLIP_NORM)
        .checkpointDir(out.child("checkpoints"))
        .checkpointEvery(checkpointEvery).resume(resume)
        .metricsPath(out.child("metrics.jsonl"));
    if (failAt != null) c.failAt(failAt.rank(), failAt.step());
    return c;
  }

  /** Every setting, for training.json (paths as given). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("preset", preset.key());
    m.put("epochs", epochs);
    m.put("max_steps", maxSteps);
    m.put("batch_size", batchSize);
    m.put("seed", seed);
    m.put("workers", workers);
    m.put("device", device.toString());
    m.put("checkpoint_every", checkpointEvery);
    m.put("resume", resume);
    m.put("kg_version", kgVersion);
    return m;
  }
}
