package org.phenolip.eval.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phenolip.core.io.Json;
import org.phenolip.eval.embed.EmbeddingModel;
import org.phenolip.eval.embed.ModelSpecs;

/**
 * Embeddings per second on one core (run with -Dai.djl.pytorch.num_threads=1
 * -Dai.djl.pytorch.num_interop_threads=1) for each preset: the 270 ISIC images and their
 * captions, median of several passes after a warm-up. This is the per-executor cost of
 * `phenolip eval`'s mapPartitions embedding.
 *
 * <p>Args: OUT.json [presets=tiny,small] [passes=5]
 */
public final class EmbeddingThroughput {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench/embedding-throughput.json");
    String[] presets = (args.length > 1 ? args[1] : "tiny,small").split(",");
    int passes = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    List<byte[]> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    try (var dirs = Files.list(Path.of("../data/images/isic_9class/train_subset"))) {
      for (Path d : dirs.sorted().toList()) {
        try (var files = Files.list(d)) {
          for (Path f : files.sorted().toList()) {
            images.add(Files.readAllBytes(f));
            captions.add("Dermoscopic image of a " + d.getFileName().toString().replace('_', ' ') + " on the skin of the back.");
          }
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("images", images.size());
    result.put("torch_threads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    result.put("load_average_before", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (String preset : presets) {
      try (EmbeddingModel m = ModelSpecs.resolve("random:" + preset).create()) {
        m.embedImages(images.subList(0, 32));
        m.embedTexts(captions.subList(0, 32));
        double[] img = new double[passes];
        double[] txt = new double[passes];
        for (int p = 0; p < passes; p++) {
          long t0 = System.nanoTime();
          m.embedImages(images);
          img[p] = images.size() / ((System.nanoTime() - t0) / 1e9);
          t0 = System.nanoTime();
          m.embedTexts(captions);
          txt[p] = captions.size() / ((System.nanoTime() - t0) / 1e9);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("images_per_s_median", median(img));
        r.put("texts_per_s_median", median(txt));
        r.put("images_per_s", img);
        r.put("texts_per_s", txt);
        result.put(preset, r);
        System.out.printf("%-6s images/s %.1f   texts/s %.1f%n", preset, median(img), median(txt));
      }
    }
    result.put("load_average_after", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Json.write(out, result);
    System.out.println("wrote " + out);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
