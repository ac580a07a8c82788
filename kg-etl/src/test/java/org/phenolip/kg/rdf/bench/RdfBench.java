package org.phenolip.kg.rdf.bench;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.Progress;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.rdf.HpoKgFixture;
import org.phenolip.kg.rdf.KgFixture;
import org.phenolip.kg.rdf.KgGraph;
import org.phenolip.kg.rdf.RdfExport;
import org.phenolip.kg.rdf.RdfStats;
import org.phenolip.kg.rdf.SparqlQuery;

/**
 * Rerunnable benchmark of the RDF view: the real HPO 2024-08-13 (phenotypes + edges) plus a
 * synthetic literature part (articles, figures, pairs over real HPO ids; seeded), exported
 * to N-Triples and Turtle, loaded into memory from Parquet and from the export, and queried.
 * Writes medians of {@code --reps} runs as JSON.
 *
 * <pre>
 * java [spark --add-opens flags] -cp kg-etl/target/test-classes:kg-etl/target/classes:CP \
 *   org.phenolip.kg.rdf.bench.RdfBench [--pairs 100000] [--reps 3] [--out kg-etl/target/bench/rdf-bench.json]
 * </pre>
 */
public final class RdfBench {
  private RdfBench() {}

  public static void main(String[] args) throws Exception {
    int pairs = 100_000;
    int reps = 3;
    Path out = Path.of("kg-etl/target/bench/rdf-bench.json");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--pairs" -> pairs = Integer.parseInt(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Progress.setQuiet(true);
    SparkSession spark = SparkSessions.local("RdfBench", 2);
    Path work = Files.createTempDirectory("rdf-bench");
    Path hpoFile = Path.of(System.getProperty("phenolip.hpo", "data/hpo/hp.v2024-08-13.json.gz"));
    HpoKgFixture.Hpo hpo = HpoKgFixture.read(hpoFile);
    String kg = HpoKgFixture.write(spark, hpo, work.resolve("kg"));
    writeLiterature(spark, kg, hpo, pairs);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version"));
    result.put("spark_master", "local[2]");
    result.put("hpo", hpoFile.toString());
    result.put("phenotypes", hpo.phenotypes().size());
    result.put("edges", hpo.edges().size());
    result.put("synthetic_pairs", pairs);
    result.put("reps", reps);

    Path nt = work.resolve("kg.nt");
    Path ttl = work.resolve("kg.ttl");
    RdfStats[] stats = new RdfStats[1];
    result.put("export_nt_s", median(reps, () -> {
      stats[0] = RdfExport.export(spark, kg, nt.toString());
      return null;
    }));
    long triples = stats[0].triples();
    result.put("triples", triples);
    result.put("export_nt_bytes", Files.size(nt));
    result.put("export_ttl_s", median(reps, () -> RdfExport.export(spark, kg, ttl.toString())));
    result.put("export_ttl_bytes", Files.size(ttl));
    KgGraph[] g = new KgGraph[1];
    result.put("load_from_parquet_s", median(reps, () -> g[0] = KgGraph.fromParquet(spark, kg)));
    result.put("load_from_nt_s", median(reps, () -> KgGraph.fromRdf(nt)));
    String closure = "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f phenokg:depicts ?t . ?t rdfs:subClassOf* obo:HP_0001626 }";
    String links = "SELECT (COUNT(*) AS ?n) WHERE { ?l a phenokg:Link ; phenokg:confidence ?c FILTER(?c >= 0.9) }";
    result.put("query_cardio_figures_s", median(reps, () -> run(g[0], closure)));
    result.put("query_cardio_figures_answer", run(g[0], closure).trim());
    result.put("query_links_conf_s", median(reps, () -> run(g[0], links)));
    double exportS = (double) result.get("export_nt_s");
    result.put("export_nt_triples_per_s", Math.round(triples / exportS));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, result);
    System.out.println(Json.write(result));
    spark.stop();
    try (var files = Files.walk(work)) { // the exports are large (~270 MB at 100k pairs)
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static String run(KgGraph g, String q) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    SparqlQuery.run(g, q, SparqlQuery.ResultFormat.CSV, 600_000, o);
    return o.toString();
  }

  private static double median(int reps, Supplier<?> work) {
    List<Double> t = new ArrayList<>();
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      work.get();
      t.add((System.nanoTime() - t0) / 1e9);
    }
    t.sort(Double::compare);
    return Math.round(t.get(t.size() / 2) * 1000) / 1000.0;
  }

  /** Seeded synthetic articles (1 per 10 figures), figures (1 per 2 pairs) and pairs on live HPO ids. */
  private static void writeLiterature(SparkSession spark, String kg, HpoKgFixture.Hpo hpo, int pairs) {
    Random rnd = new Random(42);
    List<Row> live = hpo.phenotypes().stream().filter(r -> !r.getBoolean(7)).toList();
    int figures = Math.max(1, pairs / 2);
    int articles = Math.max(1, figures / 10);
    List<Row> a = new ArrayList<>();
    for (int i = 0; i < articles; i++) {
      a.add(RowFactory.create("PMC" + (1_000_000 + i), "PMC" + (1_000_000 + i), null, null, "Article " + i, "Journal",
          2000 + i % 25, null, List.of(), "synthetic"));
    }
    List<Row> f = new ArrayList<>();
    for (int i = 0; i < figures; i++) {
      String art = "PMC" + (1_000_000 + i / 10);
      f.add(RowFactory.create(art + "/F" + i, art, "F" + i, "Figure " + i, null, "Synthetic caption " + i, List.of(),
          null, null, List.of()));
    }
    List<Row> p = new ArrayList<>();
    for (int i = 0; i < pairs; i++) {
      int fig = i / 2;
      Row t = live.get(rnd.nextInt(live.size()));
      p.add(RowFactory.create("p" + i, "PMC" + (1_000_000 + fig / 10) + "/F" + fig, "PMC" + (1_000_000 + fig / 10), null,
          t.getString(0), t.getString(1), "text", 0, 4, "label", rnd.nextDouble(), null, t.getString(11)));
    }
    KgFixture.write(spark, kg, PhenoKg.ARTICLES, a, false);
    KgFixture.write(spark, kg, PhenoKg.FIGURES, f, false);
    KgFixture.write(spark, kg, PhenoKg.PAIRS, p, true);
  }
}
