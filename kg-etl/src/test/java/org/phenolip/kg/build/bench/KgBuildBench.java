package org.phenolip.kg.build.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.build.KgBuild;

/**
 * kg build on the bundled sample (48 JATS articles + 10 OA packages, the HPO 2024 release) into
 * a Delta PhenoKG: a full build into a new folder, a rerun with nothing changed, an incremental
 * rebuild with one source added and one removed (a MERGE per table), and a {@code --force}
 * rebuild of the same KG. Medians of {@code runs} rounds, each round in a fresh folder.
 *
 * <p>Usage: {@code KgBuildBench OUT.json [runs] [master]}
 */
public final class KgBuildBench {
  private KgBuildBench() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "target/bench/kg-build.json");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    String master = args.length > 2 ? args[2] : "local[2]";
    Path hpo = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
    SparkSession spark = SparkSessions.getOrCreate("kg-build-bench", master, Map.of());
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Object> last = new LinkedHashMap<>();
    for (int run = 0; run < runs; run++) {
      Path tmp = Files.createTempDirectory("kg-build-bench");
      Path pmc = tmp.resolve("pmc");
      copy(Path.of("../data/pmc"), pmc.resolve("jats"));
      copy(Path.of("../data/sample/pmc-oa"), pmc.resolve("oa"));
      String kg = tmp.resolve("kg").toString();
      KgBuild build = new KgBuild(spark);
      time(seconds, "full_build", () -> last.put("full", build.run(new KgBuild.Options(hpo, List.of(pmc), kg, false, false)).manifest().reconciliation()));
      time(seconds, "unchanged_rerun", () -> build.run(new KgBuild.Options(hpo, List.of(pmc), kg, false, false)));
      Files.writeString(pmc.resolve("added.nxml"), "<article><front><article-meta><title-group>");
      try (Stream<Path> s = Files.list(pmc.resolve("oa"))) {
        Files.delete(s.filter(p -> p.toString().endsWith(".tar.gz")).sorted().findFirst().orElseThrow());
      }
      time(seconds, "incremental_one_added_one_removed", () ->
          last.put("incremental", build.run(new KgBuild.Options(hpo, List.of(pmc), kg, false, false)).manifest().reconciliation()));
      time(seconds, "force_rebuild", () -> build.run(new KgBuild.Options(hpo, List.of(pmc), kg, false, true)));
      deleteTree(tmp);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "kg build into a Delta PhenoKG (KgBuild), bundled sample, " + master);
    report.put("java", System.getProperty("java.version"));
    report.put("spark", spark.version());
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("runs", runs);
    Map<String, Object> medians = new LinkedHashMap<>();
    seconds.forEach((k, v) -> medians.put(k, median(v)));
    report.put("median_seconds", medians);
    report.put("seconds", seconds);
    report.put("ratio_force_to_incremental", median(seconds.get("force_rebuild")) / median(seconds.get("incremental_one_added_one_removed")));
    report.put("reconciliation_of_last_round", last);
    report.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, report);
    System.out.println(Json.write(report));
    spark.stop();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void time(Map<String, List<Double>> into, String name, Step step) throws Exception {
    long t0 = System.nanoTime();
    step.run();
    into.computeIfAbsent(name, k -> new ArrayList<>()).add((System.nanoTime() - t0) / 1e9);
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }

  private static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
