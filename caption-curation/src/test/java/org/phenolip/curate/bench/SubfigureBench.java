package org.phenolip.curate.bench;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.phenolip.core.io.Json;
import org.phenolip.curate.caption.SubcaptionSplitter;
import org.phenolip.curate.image.FigureImages;
import org.phenolip.curate.subfigure.Box;
import org.phenolip.curate.subfigure.DetectionScore;
import org.phenolip.curate.subfigure.SyntheticCompounds;
import org.phenolip.curate.subfigure.XyCutDetector;

/**
 * Panel detection quality (precision/recall at IoU 0.5, exact panel counts) on synthetic compound
 * figures from real images, panel-detection throughput (figures/s, one thread = one core) and
 * caption-splitting throughput (captions/s, one thread) over the ROCO and JATS captions.
 * Usage: SubfigureBench OUT.json [figures=600] [seed=20240813] [passes=5]
 */
public final class SubfigureBench {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/subfigure-bench.json");
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 20240813L;
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Path data = Path.of("..", "data");
    SyntheticCompounds gen = new SyntheticCompounds(data, 200, 100, seed);
    Random rng = new Random(seed);
    List<SyntheticCompounds.Compound> figs = new ArrayList<>();
    List<BufferedImage> decoded = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SyntheticCompounds.Compound c = gen.generate(rng);
      figs.add(c);
      decoded.add(FigureImages.decode(c.encoded()));
    }
    XyCutDetector det = new XyCutDetector();
    DetectionScore all = new DetectionScore();
    Map<String, DetectionScore> by = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      SyntheticCompounds.Compound c = figs.get(i);
      List<Box> pred = det.detect(decoded.get(i));
      all.add(pred, c.panels(), 0.5);
      for (String k : List.of("layout=" + c.layout(), "gutter_colour=" + c.gutterColor(),
          "gutter_px=" + (c.gutter() < 5 ? "2-4" : c.gutter() < 10 ? "5-9" : "10-24"), "borders=" + c.borders(),
          "letters=" + c.letters())) {
        by.computeIfAbsent(k, x -> new DetectionScore()).add(pred, c.panels(), 0.5);
      }
    }
    // throughput: detection on decoded images, and decode + detect, one thread
    double[] detectFps = new double[passes];
    double[] decodeDetectFps = new double[passes];
    for (int p = 0; p < passes; p++) {
      long t0 = System.nanoTime();
      for (BufferedImage img : decoded) det.detect(img);
      detectFps[p] = n / ((System.nanoTime() - t0) / 1e9);
      t0 = System.nanoTime();
      for (SyntheticCompounds.Compound c : figs) det.detect(FigureImages.decode(c.encoded()));
      decodeDetectFps[p] = n / ((System.nanoTime() - t0) / 1e9);
    }
    // caption splitting throughput over ROCO + JATS captions
    List<String> caps = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("roco/test_radiology/captions.txt"))) {
      int tab = line.indexOf('\t');
      if (tab > 0) caps.add(line.substring(tab + 1).strip());
    }
    try (var files = Files.walk(data.resolve("pmc"))) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        for (var f : org.phenolip.kg.pmc.JatsReader.read(p.toString(), Files.readAllBytes(p)).figures()) {
          if (f.caption() != null) caps.add(f.caption());
        }
      }
    }
    SubcaptionSplitter sp = new SubcaptionSplitter();
    double[] capsPerS = new double[passes];
    long compound = 0;
    for (int p = 0; p < passes; p++) {
      long t0 = System.nanoTime();
      long k = 0;
      for (String c : caps) if (sp.split(c).compound()) k++;
      capsPerS[p] = caps.size() / ((System.nanoTime() - t0) / 1e9);
      compound = k;
    }
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("detector", det.name());
    res.put("figures", n);
    res.put("seed", seed);
    res.put("image_pool", gen.poolSize());
    res.put("iou_threshold", 0.5);
    res.put("overall", all.toMap());
    Map<String, Object> slices = new LinkedHashMap<>();
    by.forEach((k, v) -> slices.put(k, v.toMap()));
    res.put("by_condition", slices);
    res.put("detect_figures_per_s_one_core_median", median(detectFps));
    res.put("decode_and_detect_figures_per_s_one_core_median", median(decodeDetectFps));
    res.put("captions", caps.size());
    res.put("captions_compound", compound);
    res.put("split_captions_per_s_one_core_median", median(capsPerS));
    res.put("passes", passes);
    res.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, res);
    System.out.println(Json.write(res));
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return Math.round(s[s.length / 2] * 10) / 10.0;
  }
}
