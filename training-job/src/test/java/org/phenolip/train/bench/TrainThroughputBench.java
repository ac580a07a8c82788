package org.phenolip.train.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.phenolip.core.io.Json;
import org.phenolip.train.loss.ClipLoss;
import org.phenolip.model.tower.ModelConfig;
import org.phenolip.model.tower.PhenolipModel;

/**
 * Training throughput of the image tower (ViT + projection + CLIP loss against fixed text
 * embeddings; forward + backward + Adam) in DJL, and the same model and batch in PyTorch
 * (scripts/bench_pytorch.py, run with /usr/bin/python3) in the same run. Writes JSON with the
 * median step time of each and the DJL/PyTorch throughput ratio.
 *
 * <pre>
 * cd training-job && mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   org.phenolip.train.bench.TrainThroughputBench [--presets tiny,small] [--batch 32] [--threads 2]
 *   [--warmup 2] [--steps 6] [--out target/bench/train_throughput.json] [--python /usr/bin/python3]
 * </pre>
 */
public final class TrainThroughputBench {
  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>(Map.of("presets", "tiny,small", "batch", "32", "threads", "2",
        "warmup", "2", "steps", "6", "out", "target/bench/train_throughput.json",
        "python", "/usr/bin/python3", "script", "scripts/bench_pytorch.py"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int threads = Integer.parseInt(o.get("threads"));
    // read once when the engine starts: set before anything touches DJL
    System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    int batch = Integer.parseInt(o.get("batch"));
    int warmup = Integer.parseInt(o.get("warmup"));
    int steps = Integer.parseInt(o.get("steps"));

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("what", "image tower training step: ViT + projection + CLIP loss vs fixed text embeddings, "
        + "forward + backward + Adam");
    report.put("batch", batch);
    report.put("threads", threads);
    report.put("warmup_steps", warmup);
    report.put("measured_steps", steps);
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("load_average_before", loadAverage());
    Map<String, Object> results = new LinkedHashMap<>();
    for (String preset : o.get("presets").split(",")) {
      ModelConfig c = ModelConfig.preset(preset.trim(), ModelConfig.SCIBERT_VOCAB);
      System.out.printf("%s: DJL %s ...%n", preset, Engine.getEngine("PyTorch").getVersion());
      double[] djl = djlSteps(c, batch, warmup, steps);
      System.out.printf("%s: PyTorch (%s) ...%n", preset, o.get("python"));
      JsonNode py = pytorchSteps(o.get("python"), o.get("script"), c, batch, threads, warmup, steps);
      double[] pt = new double[py.get("step_seconds").size()];
      for (int i = 0; i < pt.length; i++) {
        pt[i] = py.get("step_seconds").get(i).asDouble();
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("config", c);
      r.put("djl", side("DJL " + Engine.getEngine("PyTorch").getVersion() + " (libtorch "
          + Engine.getEngine("PyTorch").getVersion() + ")", djl, batch));
      r.put("pytorch", side(py.get("engine").asText(), pt, batch));
      r.put("djl_over_pytorch_throughput", median(pt) / median(djl));
      results.put(preset.trim(), r);
      System.out.printf("%s: DJL %.2f samples/s, PyTorch %.2f samples/s, ratio %.3f%n", preset,
          batch / median(djl), batch / median(pt), median(pt) / median(djl));
    }
    report.put("results", results);
    report.put("load_average_after", loadAverage());
    Path out = Path.of(o.get("out"));
    Json.write(out, report);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  static Map<String, Object> side(String engine, double[] seconds, int batch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("engine", engine);
    m.put("step_seconds", seconds);
    m.put("median_step_seconds", median(seconds));
    m.put("samples_per_second", batch / median(seconds));
    return m;
  }

  static double[] djlSteps(ModelConfig c, int batch, int warmup, int steps) {
    double[] times = new double[steps];
    try (NDManager root = NDManager.newBaseManager("PyTorch")) {
      PhenolipModel model = PhenolipModel.create(c, root, 0);
      List<Parameter> trained = new ArrayList<>();
      for (Pair<String, Parameter> p : model.getParameters()) {
        if (!p.getKey().contains("text")) { // the text tower and its projection get no gradient here
          trained.add(p.getValue());
        }
      }
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build();
      Random r = new Random(0);
      float[] pixels = new float[batch * 3 * c.imageSize() * c.imageSize()];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) r.nextGaussian();
      }
      float[] text = new float[batch * c.embedDim()];
      for (int i = 0; i < text.length; i++) {
        text[i] = (float) r.nextGaussian();
      }
      for (int step = 0; step < warmup + steps; step++) {
        long t0 = System.nanoTime();
        try (NDManager m = root.newSubManager()) {
          NDArray images = m.create(pixels, new Shape(batch, 3, c.imageSize(), c.imageSize()));
          NDArray txt = m.create(text, new Shape(batch, c.embedDim()));
          txt = txt.div(txt.norm(new int[] {1}, true));
          ParameterStore ps = new ParameterStore(m, false);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.zeroGradients();
            NDArray img = model.encodeImages(ps, images, true);
            NDArray loss = ClipLoss.compute(img, txt, model.logitScale(ps, m, true));
            gc.backward(loss);
          }
          for (Parameter p : trained) {
            NDArray w = p.getArray();
            NDArray g = w.getGradient();
            adam.update(p.getId(), w, g);
            g.close();
          }
        }
        double dt = (System.nanoTime() - t0) / 1e9;
        if (step >= warmup) {
          times[step - warmup] = dt;
        }
      }
    }
    return times;
  }

  static JsonNode pytorchSteps(String python, String script, ModelConfig c, int batch, int threads,
      int warmup, int steps) throws IOException, InterruptedException {
    List<String> cmd = List.of(python, script, "--image-size", "" + c.imageSize(), "--patch", "" + c.patchSize(),
        "--width", "" + c.visionWidth(), "--depth", "" + c.visionDepth(), "--heads", "" + c.visionHeads(),
        "--mlp-ratio", "" + c.mlpRatio(), "--embed", "" + c.embedDim(), "--batch", "" + batch,
        "--threads", "" + threads, "--warmup", "" + warmup, "--steps", "" + steps);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException("PyTorch reference failed (exit " + rc + "): " + String.join(" ", cmd));
    }
    return Json.MAPPER.readTree(out);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      return new double[0];
    }
  }
}
