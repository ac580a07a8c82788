package org.phenolip.train.cli;

import java.nio.file.Path;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.settings.FailureInjection;
import org.phenolip.train.settings.TrainSettings;
import picocli.CommandLine.Option;

/** Options both training stages take (a picocli mixin); {@link #settings()} is what the trainers get. */
public class TrainOptions {
  @Option(names = "--kg", required = true, description = "PhenoKG folder (from `phenolip kg build`).")
  public String kg;

  @Option(names = "--out", required = true, description = "Output folder: model/, metrics.jsonl, summary JSON, checkpoints/.")
  public Path out;

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

  @Option(names = "--resume", description = "Resume from the latest checkpoint in --out/checkpoints.")
  public boolean resume;

  @Option(names = "--exclude-bench", description = "Benchmark exclusion list (article ids, one per line, or JSONL with article_id).")
  public Path excludeBench;

  @Option(names = "--vocab", description = "WordPiece vocab.txt (default: the bundled SciBERT vocabulary).")
  public Path vocab;

  @Option(names = "--device", defaultValue = "cpu", converter = SettingConverters.DeviceConverter.class,
      description = "cpu or gpu[:N] (needs a CUDA libtorch, see README).")
  public DeviceSpec device;

  @Option(names = "--fail-at", hidden = true, converter = SettingConverters.FailAtConverter.class,
      description = "Testing: RANK:STEP makes that replica fail once at that step.")
  public FailureInjection failAt;

  /** The typed, checked settings the trainers receive (they never see this options object). */
  public TrainSettings settings() {
    return new TrainSettings(kg, out, preset, epochs, maxSteps, batchSize, lr, warmup, seed, workers, checkpointEvery,
        resume, excludeBench, vocab, device, failAt);
  }
}
