package org.phenolip.train.cli;

import java.nio.file.Path;
import org.phenolip.core.cli.Checks;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.cli.UserError;
import org.phenolip.core.io.OutputFolder;
import org.phenolip.core.io.Storage;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.settings.FailureInjection;
import org.phenolip.train.settings.TrainSettings;
import picocli.CommandLine.Option;

/** Options both training stages take (a picocli mixin); {@link #settings()} is what the trainers get. */
public class TrainOptions {
  @Option(names = "--kg", required = true, description = "PhenoKG folder (from `phenolip kg build`).")
  public String kg;

  @Option(names = "--kg-version", paramLabel = "N",
      description = "PhenoKG version to train on (its number in `kg sql`'s history view, e.g. the kg version a model's training.json names); default: the current one.")
  public String kgVersion;

  @Option(names = "--out", required = true, description = "Output folder (local, hdfs:// or s3a://): model/, metrics.jsonl, summary JSON, checkpoints/.")
  public String out;

  private OutputFolder folder;

  @Option(names = "--preset", defaultValue = "tiny", converter = SettingConverters.PresetConverter.class,
      description = "Model shape: tiny, small or base (default: ${DEFAULT-VALUE}).")
  public Preset preset;

  @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
  public int epochs;

  @Option(names = "--max-steps", defaultValue = "-1", description = "Stop after this many steps (-1: all epochs).")
  public long maxSteps;

  @Option(names = "--batch-size", defaultValue = "32", description = "Global batch, split evenly over workers (default: ${DEFAULT-VALUE}).")
  public int batchSize;

  @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate of AdamW (default: ${DEFAULT-VALUE}).")
  public float lr;

  @Option(names = "--warmup-steps", defaultValue = "10", description = "Linear warm-up steps before the cosine decay.")
  public long warmup;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of initialisation, sharding and augmentation.")
  public long seed;

  @Option(names = "--workers", defaultValue = "1", description = "Data-parallel replicas (one per executor on a cluster).")
  public int workers;

  @Option(names = "--checkpoint-every", defaultValue = "0", description = "Checkpoint every K steps (0: only at the end).")
  public long checkpointEvery;

  @Option(names = "--resume", description = "Resume from the latest checkpoint in --out/checkpoints (an error when there is none).")
  public boolean resume;

  @Option(names = "--resume-if-present", description = "Resume when --out/checkpoints holds a checkpoint, else start fresh.")
  public boolean resumeIfPresent;

  @Option(names = "--exclude-bench", description = "Benchmark exclusion list (article ids, one per line, or JSONL with article_id).")
  public String excludeBench;

  @Option(names = "--curated", description = "Stage 2: read curated subfigure-subcaption pairs (from `phenolip curate --out DIR`) instead of PhenoKG pairs.")
  public String curated;

  @Option(names = "--vocab", description = "WordPiece vocab.txt, a local path or a Hadoop URI (default: the bundled SciBERT vocabulary).")
  public String vocab;

  @Option(names = "--device", defaultValue = "auto", converter = SettingConverters.DeviceConverter.class,
      description = "auto (a GPU when libtorch has CUDA, else the CPU), cpu, gpu (the GPU Spark gives each task:"
          + " spark.task.resource.gpu.amount=1) or gpu:N; GPUs need a CUDA libtorch, see README (default: ${DEFAULT-VALUE}).")
  public DeviceSpec device;

  @Option(names = "--fail-at", hidden = true, converter = SettingConverters.FailAtConverter.class,
      description = "Testing: RANK:STEP makes that replica fail once at that step.")
  public FailureInjection failAt;

  /**
   * Every option checked before any work (one-line {@link UserError}s): the KG is a KG, numbers
   * are in range, a contrastive global batch has at least 2 rows, {@code --resume} has a
   * checkpoint to resume from, files exist, the master URL parses.
   */
  public void validate(SparkOptions spark) {
    Checks.master(spark.master, "--master");
    Checks.kg(kg, "--kg");
    folder = OutputFolder.of(out, "--out");
    Checks.atLeast(epochs, 1, "--epochs");
    if (maxSteps != -1) Checks.atLeast(maxSteps, 1, "--max-steps (or -1 for all epochs)");
    if (batchSize < 2) {
      throw new UserError("--batch-size must be >= 2: a contrastive loss over a global batch of " + batchSize
          + " row compares nothing");
    }
    Checks.positive(lr, "--lr");
    Checks.atLeast(warmup, 0, "--warmup-steps");
    Checks.atLeast(workers, 1, "--workers");
    if (batchSize % workers != 0) {
      throw new UserError("--batch-size " + batchSize + " must be divisible by --workers " + workers);
    }
    Checks.atLeast(checkpointEvery, 0, "--checkpoint-every");
    if (excludeBench != null && org.phenolip.core.io.Storage.isLocal(excludeBench)) {
      Checks.file(org.phenolip.core.io.Storage.localPath(excludeBench), "--exclude-bench");
    }
    if (vocab != null && org.phenolip.core.io.Storage.isLocal(vocab)) Checks.file(org.phenolip.core.io.Storage.localPath(vocab), "--vocab");
    if (resume && resumeIfPresent) throw new UserError("give --resume or --resume-if-present, not both");
    boolean hasCheckpoint = hasCheckpoint(spark.storage());
    if (resume && !hasCheckpoint) {
      throw new UserError("--resume: no checkpoint in " + folder.child("checkpoints")
          + " (use --resume-if-present to start fresh when there is none)");
    }
    if (resumeIfPresent) resume = hasCheckpoint;
  }

  private boolean hasCheckpoint(Storage s) {
    String dir = folder.child("checkpoints");
    if (!s.isDirectory(dir)) return false;
    try {
      return s.list(dir).stream().anyMatch(p -> !new org.apache.hadoop.fs.Path(p).getName().startsWith("."));
    } catch (java.io.IOException e) {
      throw new UserError("cannot list " + dir + ": " + e.getMessage());
    }
  }

  /** The typed, checked settings the trainers receive (they never see this options object). */
  public TrainSettings settings() {
    if (folder == null) folder = OutputFolder.of(out, "--out");
    return new TrainSettings(kg, folder, preset, epochs, maxSteps, batchSize, lr, warmup, seed, workers, checkpointEvery,
        resume, excludeBench, vocab, device, failAt, curated, kgVersion);
  }
}
