package org.phenolip.train.cli;

import java.nio.file.Path;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.model.tower.Devices;
import picocli.CommandLine.Option;

/** Options both training stages take (a picocli mixin). */
public class TrainOptions {
  @Option(names = "--kg", required = true, description = "PhenoKG folder (from `phenolip kg build`).")
  public String kg;

  @Option(names = "--out", required = true, description = "Output folder: model/, metrics.jsonl, summary JSON, checkpoints/.")
  public Path out;

  @Option(names = "--preset", defaultValue = "tiny", description = "Model shape: tiny, small or base (default: ${DEFAULT-VALUE}).")
  public String preset;

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

  @Option(names = "--curated", description = "Stage 2: read curated subfigure-subcaption pairs (from `phenolip curate --out DIR`) instead of PhenoKG pairs.")
  public String curated;

  @Option(names = "--vocab", description = "WordPiece vocab.txt (default: the bundled SciBERT vocabulary).")
  public Path vocab;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu[:N] (needs a CUDA libtorch, see README).")
  public String device;

  @Option(names = "--fail-at", hidden = true, description = "Testing: RANK:STEP makes that replica fail once at that step.")
  public String failAt;

  public Path vocabOrDefault() {
    if (vocab != null) return vocab;
    String home = System.getProperty("phenolip.home", ".");
    Path p = Path.of(home, "data", "vocab", "scibert_scivocab_uncased.vocab.txt");
    if (!p.toFile().isFile()) p = Path.of("..", "data", "vocab", "scibert_scivocab_uncased.vocab.txt");
    if (!p.toFile().isFile()) throw new IllegalArgumentException("no --vocab given and the bundled vocabulary is not at " + p);
    return p;
  }

  public TrainConfig config() {
    Devices.parse(device); // fails clearly when no CUDA libtorch is present
    TrainConfig c = new TrainConfig().workers(workers).globalBatch(batchSize).epochs(epochs).maxSteps(maxSteps)
        .seed(seed).lr(lr).warmupSteps(warmup).minLr(lr / 10).clipNorm(1.0)
        .reduction(TrainConfig.Reduction.SUM)
        .checkpointDir(out.resolve("checkpoints").toAbsolutePath().toString())
        .checkpointEvery(checkpointEvery).resume(resume)
        .metricsPath(out.resolve("metrics.jsonl").toAbsolutePath().toString());
    if (failAt != null) {
      String[] p = failAt.split(":");
      c.failAt(Integer.parseInt(p[0]), Long.parseLong(p[1]));
    }
    return c;
  }
}
