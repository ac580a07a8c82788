package org.phenolip.kg.pmc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.phenolip.core.io.Json;
import org.phenolip.kg.pmc.JatsReader;
import org.phenolip.kg.pmc.ParsedArticle;
import org.phenolip.kg.pmc.PmcSource;

/**
 * JATS parsing throughput on one thread over the real articles in data/pmc (all in memory), with
 * the Python lxml peer (src/test/resources/bench/jats_lxml_peer.py, same extraction) measured in
 * the same run: rounds alternate Java passes and a Python process, so both see the same machine
 * load. Writes JSON with every pass time and the medians.
 *
 * <p>Usage (from kg-etl/): {@code java -cp target/classes:target/test-classes:CP
 * org.phenolip.kg.pmc.bench.JatsParseBench [pmcDir=../data/pmc] [out=target/bench/jats-parse.json]
 * [rounds=3] [passesPerRound=10] [python=/usr/bin/python3]}
 */
public final class JatsParseBench {
  private JatsParseBench() {}

  public static void main(String[] args) throws Exception {
    Path pmc = Path.of(args.length > 0 ? args[0] : "../data/pmc");
    Path out = Path.of(args.length > 1 ? args[1] : "target/bench/jats-parse.json");
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int passes = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    String python = args.length > 4 ? args[4] : "/usr/bin/python3";

    List<Path> files = PmcSource.list(pmc);
    List<String> names = new ArrayList<>();
    List<byte[]> docs = new ArrayList<>();
    long bytes = 0;
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      names.add(f.toString());
      docs.add(b);
      bytes += b.length;
    }
    String loadBefore = loadavg();
    int figures = 0;
    for (int i = 0; i < 30; i++) figures = pass(names, docs); // JIT warm-up
    List<Double> javaTimes = new ArrayList<>();
    List<Double> lxmlTimes = new ArrayList<>();
    Map<String, Object> lxmlLast = null;
    boolean lxml = hasLxml(python);
    for (int r = 0; r < rounds; r++) {
      for (int p = 0; p < passes; p++) {
        long t0 = System.nanoTime();
        figures = pass(names, docs);
        javaTimes.add((System.nanoTime() - t0) / 1e9);
      }
      if (lxml) {
        lxmlLast = runLxml(python, pmc, passes);
        for (Object t : (List<?>) lxmlLast.get("pass_s")) lxmlTimes.add(((Number) t).doubleValue());
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("benchmark", "JATS parsing (metadata, figures, captions, graphics, citing paragraphs), one thread, files in memory");
    result.put("articles", docs.size());
    result.put("bytes", bytes);
    result.put("machine", Map.of("available_processors", Runtime.getRuntime().availableProcessors(),
        "loadavg_before", loadBefore, "loadavg_after", loadavg()));
    result.put("java", summary("JDK StAX (" + System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ")",
        docs.size(), bytes, figures, javaTimes));
    if (lxml) {
      Map<String, Object> l = summary(String.valueOf(lxmlLast.get("parser")), docs.size(), bytes,
          ((Number) lxmlLast.get("figures")).intValue(), lxmlTimes);
      result.put("lxml", l);
      double javaMb = (double) ((Map<?, ?>) result.get("java")).get("mb_per_s");
      result.put("java_over_lxml", javaMb / (double) l.get("mb_per_s"));
    } else {
      result.put("lxml", "not measured: " + python + " cannot import lxml");
    }
    Json.write(out, result);
    System.out.println(Json.write(result));
  }

  static int pass(List<String> names, List<byte[]> docs) {
    int figures = 0;
    for (int i = 0; i < docs.size(); i++) {
      ParsedArticle p = JatsReader.read(names.get(i), docs.get(i));
      if (p.isRejected()) throw new IllegalStateException(names.get(i) + ": " + p.rejects());
      figures += p.figures().size();
    }
    return figures;
  }

  static Map<String, Object> summary(String parser, int articles, long bytes, int figures, List<Double> times) {
    double[] t = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = t.length % 2 == 1 ? t[t.length / 2] : (t[t.length / 2 - 1] + t[t.length / 2]) / 2;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("parser", parser);
    m.put("figures", figures);
    m.put("passes", t.length);
    m.put("median_s", median);
    m.put("min_s", t[0]);
    m.put("articles_per_s", articles / median);
    m.put("mb_per_s", bytes / 1e6 / median);
    m.put("pass_s", times);
    return m;
  }

  static boolean hasLxml(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", "import lxml").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> runLxml(String python, Path pmc, int passes) throws Exception {
    Path script = Path.of("src/test/resources/bench/jats_lxml_peer.py");
    Process p = new ProcessBuilder(python, script.toString(), pmc.toString(), String.valueOf(passes), "3").start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("lxml peer failed: " + stderr);
    return Json.MAPPER.readValue(stdout, Map.class);
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

}
