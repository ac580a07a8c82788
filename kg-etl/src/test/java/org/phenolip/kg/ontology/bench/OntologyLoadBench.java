package org.phenolip.kg.ontology.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.phenolip.core.io.Json;
import org.phenolip.kg.ontology.OboWriter;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;
import org.phenolip.kg.rdf.OwlWriter;

/**
 * Load time of an HPO release in each format: median of N timed loads after one warm-up,
 * JSON report. The OBO and OWL inputs are converted from the JSON release first, and each
 * must give the same phenotypes table.
 *
 * <pre>java -cp ... org.phenolip.kg.ontology.bench.OntologyLoadBench [release.json.gz] [runs] [out.json]</pre>
 */
public final class OntologyLoadBench {
  public static void main(String[] args) throws Exception {
    Path release = Path.of(args.length > 0 ? args[0] : "../data/hpo/hp.v2024-08-13.json.gz");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path out = Path.of(args.length > 2 ? args[2] : "target/bench/ontology-load.json");

    Path tmp = Files.createTempDirectory("hpo-bench");
    Ontology reference = OntologyLoader.load(release);
    Path obo = tmp.resolve("hp.obo.gz");
    Path owl = tmp.resolve("hp.owl.gz");
    OboWriter.write(reference, obo);
    OwlWriter.write(reference, owl);

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "HPO load (read + checks + depth/systems), OntologyLoader.load");
    report.put("java", System.getProperty("java.version"));
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.put("runs", runs);
    report.put("classes", reference.terms().size());
    report.put("is_a_edges", reference.edges().size());
    List<Object> results = new ArrayList<>();
    for (Path f : List.of(release, obo, owl)) {
      results.add(time(f, runs, reference));
    }
    report.put("results", results);
    report.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Json.write(out, report);
    System.out.println(Json.write(report));
    for (Path f : List.of(obo, owl)) Files.deleteIfExists(f);
    Files.deleteIfExists(tmp);
  }

  private static Map<String, Object> time(Path f, int runs, Ontology reference) {
    Ontology warm = OntologyLoader.load(f);
    boolean same = List.copyOf(warm.terms()).equals(List.copyOf(reference.terms()))
        && warm.edges().equals(reference.edges());
    List<Double> ms = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    var threads = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Ontology o = OntologyLoader.load(f);
      ms.add((System.nanoTime() - t0) / 1e6);
      cpu.add((threads.getCurrentThreadCpuTime() - c0) / 1e6);
      if (o.terms().size() != reference.terms().size()) throw new IllegalStateException("load changed");
    }
    List<Double> sorted = new ArrayList<>(ms);
    sorted.sort(null);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("file", f.getFileName().toString());
    r.put("bytes", size(f));
    r.put("ms", ms);
    r.put("median_ms", sorted.get(sorted.size() / 2));
    r.put("min_ms", sorted.get(0));
    // CPU time of the loading thread: steadier than wall time on a shared machine
    // (GC and JIT threads not included).
    List<Double> cpuSorted = new ArrayList<>(cpu);
    cpuSorted.sort(null);
    r.put("thread_cpu_ms", cpu);
    r.put("median_thread_cpu_ms", cpuSorted.get(cpuSorted.size() / 2));
    r.put("same_table_as_json", same);
    return r;
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
