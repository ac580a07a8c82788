package org.phenolip.train.bench;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.loop.StandaloneCluster;
import org.phenolip.train.loop.StepMetrics;
import org.phenolip.train.loop.Synthetic;
import org.phenolip.train.loop.TrainConfig;
import org.phenolip.train.loop.TrainResult;

/**
 * Data-parallel throughput on a real standalone cluster (deploy/cluster/standalone.sh, two
 * workers): the same model and global batch with 1 executor, with 2 and the old fused all-reduce
 * after the whole gradient copy ({@code bucket_floats} 0), and with 2 and the bucketed all-reduce
 * overlapped with the copy (issue 14), and a contrastive step (CLIP's loss over the all-gathered
 * global batch, {@code Synthetic.Contrastive}) with 1 and 2, in one run; per-step medians of samples/s, step time,
 * communication time (what the step waited for), its share of the step, and the part of it spent
 * waiting for the slower peer's first frame (skew + one latency), written as JSON.
 *
 * <pre>
 * java $OPENS -cp "$(cat cp.txt):target/classes:target/test-classes" \
 *   org.phenolip.train.bench.DataParallelBench [out.json] [steps] [hidden] [globalBatch]
 * </pre>
 */
public final class DataParallelBench {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench/data-parallel.json");
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int hidden = args.length > 2 ? Integer.parseInt(args[2]) : 4096;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int skip = Math.min(4, steps / 4); // warm-up steps left out of the medians
    var data = Synthetic.pairs(batch * steps, Synthetic.X, Synthetic.Y, 11);
    var task = new Synthetic.Regression(hidden);
    long params = 2L * (Synthetic.X * hidden + hidden + hidden * Synthetic.EMBED + Synthetic.EMBED)
        - (Synthetic.X - Synthetic.Y) * (long) hidden;
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "data-parallel training, standalone cluster on 127.0.0.1, one replica per executor");
    report.put("model", "two MLP towers (8->" + hidden + "->4, 6->" + hidden + "->4), MSE (regression) or CLIP loss (contrastive), AdamW");
    report.put("parameters", params);
    report.put("global_batch", batch);
    report.put("steps", steps);
    report.put("warmup_steps_excluded", skip);
    report.put("host_cores", Runtime.getRuntime().availableProcessors());
    report.put("date", Instant.now().toString());
    List<Map<String, Object>> runs = new ArrayList<>();
    Path runDir = Path.of("target", "bench-cluster-" + System.currentTimeMillis());
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), runDir, 2)) {
      // {workers, bucket floats, contrastive}
      int[][] variants = {{1, 0, 0}, {2, 0, 0}, {2, TrainConfig.DEFAULT_BUCKET_FLOATS, 0},
          {1, TrainConfig.DEFAULT_BUCKET_FLOATS, 1}, {2, TrainConfig.DEFAULT_BUCKET_FLOATS, 1}};
      var contrastive = new Synthetic.Contrastive(hidden);
      for (int[] v : variants) {
        int workers = v[0];
        int bucketFloats = v[1];
        boolean clip = v[2] == 1;
        SparkSession spark = cluster.session("dp-bench-" + workers + "-" + bucketFloats + (clip ? "-contrastive" : ""), workers);
        try {
          TrainConfig cfg = new TrainConfig().workers(workers).globalBatch(batch).epochs(1).seed(1).lr(1e-3f)
              .checksumEvery(10).commTimeoutMs(120_000).progress(false).bucketFloats(bucketFloats);
          TrainResult r = clip ? DataParallelTrainer.fit(spark, contrastive, data, cfg) : DataParallelTrainer.fit(spark, task, data, cfg);
          List<StepMetrics> m = r.metrics().subList(skip, r.metrics().size());
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("step", clip ? "contrastive (all-gathered embeddings, SUM of per-worker gradients)" : "regression (MSE, MEAN)");
          row.put("workers", workers);
          row.put("bucket_floats", bucketFloats);
          row.put("all_reduce", workers == 1 ? "none" : bucketFloats == 0 ? "fused, after the copy (old)" : "bucketed, overlapped");
          row.put("median_samples_per_s", median(m, StepMetrics::samplesPerSec));
          row.put("median_samples_per_s_per_worker", median(m, StepMetrics::samplesPerSec) / workers);
          row.put("median_step_s", median(m, StepMetrics::stepSeconds));
          row.put("median_comm_s", median(m, StepMetrics::commSeconds));
          row.put("comm_share", median(m, s -> s.commSeconds() / s.stepSeconds()));
          row.put("median_wait_s", median(m, StepMetrics::waitSeconds));
          row.put("wait_share", median(m, s -> s.waitSeconds() / s.stepSeconds()));
          row.put("comm_share_without_wait", median(m, s -> (s.commSeconds() - s.waitSeconds()) / s.stepSeconds()));
          row.put("final_loss", r.metrics().get(r.metrics().size() - 1).loss());
          row.put("param_checksum", Long.toHexString(r.checksum()));
          row.put("wall_s", r.wallSeconds());
          runs.add(row);
          Progress.status("bench: " + row);
        } finally {
          spark.stop();
        }
      }
    }
    report.put("runs", runs);
    Json.write(out, report);
    Progress.status("wrote " + out.toAbsolutePath());
  }

  static double median(List<StepMetrics> m, ToDoubleFunction<StepMetrics> f) {
    double[] v = m.stream().mapToDouble(f).sorted().toArray();
    if (v.length == 0) return Double.NaN;
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }
}
