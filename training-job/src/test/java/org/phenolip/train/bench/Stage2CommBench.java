package org.phenolip.train.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import org.phenolip.model.encode.TokenizerSpec;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.InMemoryData;
import org.phenolip.train.loop.StandaloneCluster;
import org.phenolip.train.loop.StepMetrics;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;
import org.phenolip.train.stage2.Stage2Row;
import org.phenolip.train.stage2.Stage2Task;

/**
 * The communication share of a real stage-2 step (issue 14's goal: at most 10% of a
 * {@code small}-preset step with 2 workers on the standalone cluster): {@link Stage2Task} on
 * the given preset (default small: 224 px ViT and text tower of width 192, depth 4; ~11M
 * parameters, all all-reduced every step), ISIC images decoded and augmented in the replicas,
 * CLIP's loss over the all-gathered global batch plus distillation over 64 random teacher
 * prototypes, with 1 and then 2 executors of the same cluster, in one run. Per-step medians
 * of step time, communication (what the step waited for: the bucketed gradient all-reduce and
 * the embedding all-gather), its share, and the part spent waiting for the slower peer,
 * written as JSON.
 *
 * <pre>
 * java $OPENS -cp "$(cat cp.txt):target/classes:target/test-classes" \
 *   org.phenolip.train.bench.Stage2CommBench [out.json] [steps] [preset] [globalBatch]
 * </pre>
 */
public final class Stage2CommBench {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench/stage2-comm.json");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Preset preset = Preset.parse(args.length > 2 ? args[2] : "small");
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 16;
    int skip = Math.min(3, steps / 3); // warm-up steps left out of the medians
    TokenizerSpec tok = TokenizerSpec.fromVocabTxt(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt"));
    ModelConfig config = preset.config(tok.size());
    int prototypes = 64;
    float[] protos = new float[prototypes * config.embedDim()];
    Random r = new Random(9);
    for (int i = 0; i < protos.length; i++) protos[i] = (float) r.nextGaussian() * 0.2f;
    Stage2Task task = new Stage2Task(config, tok, 3, null, protos, prototypes, 0.05f, 0.05f, 1f);
    var data = new InMemoryData<>(rows(batch * steps, config.embedDim()));

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "stage-2 step (Stage2Task: CLIP over the all-gathered batch + distillation), standalone cluster on 127.0.0.1, one replica per executor");
    report.put("preset", preset.key());
    report.put("model_config", config);
    report.put("global_batch", batch);
    report.put("steps", steps);
    report.put("warmup_steps_excluded", skip);
    report.put("host_cores", Runtime.getRuntime().availableProcessors());
    report.put("load_average_before", TrainThroughputBench.loadAverage());
    report.put("date", Instant.now().toString());
    List<Map<String, Object>> runs = new ArrayList<>();
    Path runDir = Path.of("target", "bench-stage2-comm-" + System.currentTimeMillis());
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), runDir, 2)) {
      for (int workers : new int[] {1, 2}) {
        SparkSession spark = cluster.session("stage2-comm-" + workers, workers);
        try {
          TrainConfig cfg = new TrainConfig().workers(workers).globalBatch(batch).epochs(1).seed(1).lr(1e-4f)
              .checksumEvery(0).commTimeoutMs(300_000).progress(false);
          TrainResult res = DataParallelTrainer.fit(spark, task, data, cfg);
          List<StepMetrics> m = res.metrics().subList(skip, res.metrics().size());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("workers", workers);
          row.put("median_samples_per_s", DataParallelBench.median(m, StepMetrics::samplesPerSec));
          row.put("median_step_s", DataParallelBench.median(m, StepMetrics::stepSeconds));
          row.put("median_comm_s", DataParallelBench.median(m, StepMetrics::commSeconds));
          row.put("comm_share", DataParallelBench.median(m, s -> s.commSeconds() / s.stepSeconds()));
          row.put("median_wait_s", DataParallelBench.median(m, StepMetrics::waitSeconds));
          row.put("wait_share", DataParallelBench.median(m, s -> s.waitSeconds() / s.stepSeconds()));
          row.put("comm_share_without_wait", DataParallelBench.median(m, s -> (s.commSeconds() - s.waitSeconds()) / s.stepSeconds()));
          row.put("step_s", m.stream().map(StepMetrics::stepSeconds).toList());
          row.put("comm_s", m.stream().map(StepMetrics::commSeconds).toList());
          row.put("final_loss", res.metrics().get(res.metrics().size() - 1).loss());
          row.put("param_checksum", Long.toHexString(res.checksum()));
          row.put("wall_s", res.wallSeconds());
          runs.add(row);
          Progress.status("bench: " + row);
        } finally {
          spark.stop();
        }
      }
    }
    report.put("runs", runs);
    report.put("load_average_after", TrainThroughputBench.loadAverage());
    Json.write(out, report);
    Progress.status("wrote " + out.toAbsolutePath());
  }

  /** {@code n} captioned ISIC images (both halves of the bundled set, cycled), random teacher caption embeddings. */
  static List<Stage2Row> rows(int n, int teacherDim) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("../data/images/isic_9class"))) {
      files = s.filter(f -> f.toString().endsWith(".jpg") || f.toString().endsWith(".png")).sorted().toList();
    }
    if (files.isEmpty()) throw new IllegalStateException("no ISIC images under ../data/images/isic_9class");
    Random r = new Random(5);
    List<Stage2Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f = files.get(i % files.size());
      float[] t = new float[teacherDim];
      for (int k = 0; k < t.length; k++) t[k] = (float) r.nextGaussian();
      String cls = f.getParent().getFileName().toString().replace('_', ' ');
      rows.add(new Stage2Row("isic-" + i, Files.readAllBytes(f), "Dermoscopy of a " + cls + ", case " + i + ".", t));
    }
    return rows;
  }
}
