package org.phenolip.eval.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.embed.EmbeddingModelFactory;
import org.phenolip.eval.embed.ModelSpecs;
import org.phenolip.eval.probe.LinearProbe;
import org.phenolip.eval.probe.Stratified;
import org.phenolip.eval.run.Evaluator;
import org.phenolip.eval.run.ProbeData;

/**
 * Linear probe of one model on the ISIC sample (3 fractions x 3 seeds), side by side in one run:
 * MLlib's LogisticRegression (Spark jobs per iteration), the local optimiser
 * ({@code LocalLogistic}, no Spark job) and scikit-learn on the same features and picks
 * ({@code ../benchmarks/peers/probe_sklearn.py} with {@code /usr/bin/python3}). Medians of REPS; writes every
 * repetition, each path's accuracies and the ratios.
 *
 * <pre>java -cp ... org.phenolip.eval.benchmarks.ProbeBench [OUT=probe-bench.json] [REPS=3] [MODEL=baseline:random-projection] [FOLDER=../data/images/isic_9class/train_subset] [PEER=../benchmarks/peers/probe_sklearn.py]</pre>
 */
public final class ProbeBench {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "probe-bench.json");
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String spec = args.length > 2 ? args[2] : ModelSpecs.RANDOM_PROJECTION;
    Path folder = Path.of(args.length > 3 ? args[3] : "../data/images/isic_9class/train_subset");
    Path peer = Path.of(args.length > 4 ? args[4] : "../benchmarks/peers/probe_sklearn.py");
    SparkSession spark = SparkSessions.local("ProbeBench", 2);
    try {
      EmbeddingModelFactory model = ModelSpecs.resolve(spec);
      ProbeData d = ProbeData.folder(spark, "isic", folder);
      float[][] tr = Evaluator.embedImages(spark, model, d.train(), 32), te = Evaluator.embedImages(spark, model, d.test(), 32);
      int[] ytr = d.train().labels(), yte = d.test().labels();
      int classes = d.train().classes().size();
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("benchmark", "linear probe, one model: " + LinearProbe.FRACTIONS.length + " fractions x " + LinearProbe.SEEDS.length + " seeds, all fits");
      j.put("model", spec);
      j.put("features", Map.of("train", tr.length, "test", te.length, "dim", tr[0].length, "classes", classes));
      j.put("cores", Runtime.getRuntime().availableProcessors());
      j.put("reps", reps);
      j.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      j.put("sklearn", runPeer(peer, tr, ytr, te, yte, reps));
      j.put("local", time(reps, () -> LinearProbe.run(spark, "isic", tr, ytr, te, yte, classes, LinearProbe.FRACTIONS, LinearProbe.SEEDS, LinearProbe.Engine.LOCAL)));
      j.put("mllib", time(reps, () -> LinearProbe.run(spark, "isic", tr, ytr, te, yte, classes, LinearProbe.FRACTIONS, LinearProbe.SEEDS, LinearProbe.Engine.MLLIB)));
      double local = median((Map<String, Object>) j.get("local")), mllib = median((Map<String, Object>) j.get("mllib"));
      j.put("ratio_mllib_over_local", mllib / local);
      Object peerMedian = ((Map<?, ?>) j.get("sklearn")).get("median_seconds");
      if (peerMedian instanceof Number p) j.put("ratio_local_over_sklearn", local / p.doubleValue());
      j.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Json.MAPPER.writeValue(out.toFile(), j);
      System.out.println(Json.MAPPER.writeValueAsString(j));
    } finally {
      spark.stop();
    }
  }

  interface Probe {
    LinearProbe.Result run();
  }

  static Map<String, Object> time(int reps, Probe p) {
    List<Double> secs = new ArrayList<>();
    LinearProbe.Result r = null;
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      r = p.run();
      secs.add((System.nanoTime() - t0) / 1e9);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", secs);
    double[] s = secs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    m.put("median_seconds", s[s.length / 2]);
    List<Double> acc = new ArrayList<>();
    for (LinearProbe.Point pt : r.points()) for (double a : pt.runs()) acc.add(a);
    m.put("accuracies", acc);
    return m;
  }

  static double median(Map<String, Object> m) {
    return ((Number) m.get("median_seconds")).doubleValue();
  }

  /** Writes the features and the same stratified picks, runs the peer, reads its JSON (or says why it did not run). */
  static Map<String, Object> runPeer(Path script, float[][] tr, int[] ytr, float[][] te, int[] yte, int reps) throws Exception {
    Path in = Files.createTempFile("probe-features", ".json"), res = Files.createTempFile("probe-sklearn", ".json");
    try {
      List<int[]> picks = new ArrayList<>();
      for (double f : LinearProbe.FRACTIONS) for (long s : LinearProbe.SEEDS) picks.add(Stratified.sample(ytr, f, s));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("train_x", tr);
      d.put("train_y", ytr);
      d.put("test_x", te);
      d.put("test_y", yte);
      d.put("picks", picks);
      d.put("reg_param", LinearProbe.REG_PARAM);
      d.put("max_iter", LinearProbe.MAX_ITER);
      Json.MAPPER.writeValue(in.toFile(), d);
      ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), in.toString(), "" + reps, res.toString());
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
      int rc = pb.start().waitFor();
      if (rc != 0 || Files.size(res) == 0) {
        return Map.of("error", "peer " + script + " exited " + rc + " (needs /usr/bin/python3 with python3-sklearn: bin/setup-debian.sh bench-peers)");
      }
      return Json.MAPPER.readValue(res.toFile(), Map.class);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(res);
    }
  }
}
