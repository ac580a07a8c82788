package org.phenolip.deploy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.S3TestServer;
import org.phenolip.core.io.Storage;
import org.phenolip.train.loop.StandaloneCluster;

/**
 * The jobs with their data and inputs on S3 (the HPO release and the vocabulary too): an S3-compatible server (S3Proxy) on 127.0.0.1, reached through
 * S3A with the settings a user passes as {@code --conf spark.hadoop.fs.s3a.*} (no core-site.xml).
 * kg build writes PhenoKG to S3, stage 1 and stage 2 read it there and write the teacher and the
 * model there, build-bench writes the benchmark there (stage 2 reads its exclusion list there),
 * and eval reads the benchmark and the model from S3 and writes its report there.
 */
class S3EndToEndTest {
  @TempDir static Path tmp;
  static S3TestServer s3;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer("phenolip");
  }

  @AfterAll
  static void stop() throws Exception {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    org.apache.hadoop.fs.FileSystem.closeAll();
    s3.close();
  }

  @Test
  void trainsAndScoresWithEverythingOnS3() throws Exception {
    runEverythingOnS3(new ArrayList<>(List.of("--master", "local[2]")), s3.root() + "/local", "1", true);
  }

  /**
   * The same on a standalone cluster of 2 workers (the script users run): executors in their own
   * JVMs read and write S3 with nothing but the commands' {@code --conf} settings, and stage 2
   * trains 2 replicas that each read their shard from S3.
   */
  @Test
  @Tag("cluster")
  void trainsAndScoresOnAStandaloneClusterWithEverythingOnS3() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(Path.of(".."), tmp.resolve("cluster"), 2)) {
      List<String> common = new ArrayList<>(List.of("--master", cluster.masterUrl));
      cluster.conf(2).forEach((k, v) -> common.addAll(List.of("--conf", k + "=" + v)));
      runEverythingOnS3(common, s3.root() + "/cluster", "2", false); // the graph tools run on the driver: once, above, is enough
    }
  }

  private static void runEverythingOnS3(List<String> common, String root, String stage2Workers, boolean graphTools) throws Exception {
    s3.settings().forEach((k, v) -> common.addAll(List.of("--conf", "spark.hadoop." + k + "=" + v)));
    Path pmc = Files.createTempDirectory(tmp, "pmc");
    try (var sample = Files.newDirectoryStream(Path.of("../data/sample/pmc-oa"), "*.tar.gz")) {
      for (Path a : sample) Files.copy(a, pmc.resolve(a.getFileName()));
    }
    String kg = root + "/kg", teacher = root + "/teacher", model = root + "/phenolip", report = root + "/report";
    // The inputs a user keeps beside the data: the HPO release and the vocabulary, on S3 too.
    Storage storage = new Storage(s3.conf());
    String hpo = root + "/in/hp.v2024-08-13.json.gz", vocab = root + "/in/scibert_scivocab_uncased.vocab.txt";
    storage.write(hpo, Files.readAllBytes(Path.of("../data/hpo/hp.v2024-08-13.json.gz")));
    storage.write(vocab, Files.readAllBytes(Path.of("../data/vocab/scibert_scivocab_uncased.vocab.txt")));
    // The ground truth and the probe data too: an ISIC image folder and a MedMNIST file.
    String truth = root + "/in/ground_truth.jsonl", isic = root + "/in/isic", breast = root + "/in/breastmnist.npz";
    storage.write(truth, Files.readAllBytes(Path.of("../data/sample/pmc-oa/ground_truth.jsonl")));
    storage.write(breast, Files.readAllBytes(Path.of("../data/images/medmnist/breastmnist.npz")));
    storage.putLocalTree(new java.io.File("../data/images/isic_9class/train_subset"), isic);
    assertEquals(0, cli(common, "kg", "build", "--hpo", hpo, "--pmc", pmc.toString(), "--out", kg));
    assertEquals(0, cli(common, "train", "stage1", "--kg", kg, "--out", teacher, "--preset", "tiny",
        "--epochs", "1", "--max-steps", "3", "--batch-size", "32", "--lr", "1e-3", "--vocab", vocab));
    String bench = root + "/bench";
    assertEquals(0, cli(common, "eval", "build-bench", "--kg", kg, "--out", bench, "--fraction", "0.2",
        "--ground-truth", truth));
    assertEquals(0, cli(common, "train", "stage2", "--kg", kg, "--teacher", teacher, "--out", model, "--preset", "tiny",
        "--epochs", "3", "--max-steps", "3", "--batch-size", "16", "--lr", "1e-3", "--vocab", vocab, "--workers", stage2Workers,
        "--exclude-bench", bench + "/excluded_articles.txt"));
    assertEquals(0, cli(common, "eval", "--model", model, "--name", "PhenoLIP", "--bench", bench + "/bench.jsonl",
        "--kg", kg, "--out", report, "--probe-seeds", "1", "--probe", "isic=" + isic, "--probe", "breast=" + breast));
    assertTrue(storage.exists(kg + "/_commits/0000000000.json") && storage.exists(kg + "/pairs/_delta_log"),
        "PhenoKG on S3: Delta tables and KG version 0");
    for (String f : List.of(teacher + "/model/config.json", model + "/model/config.json", model + "/stage2_summary.json",
        model + "/metrics.jsonl", report + "/metrics.json", report + "/report.html")) {
      assertTrue(storage.exists(f), f + " on S3");
    }
    assertTrue(storage.exists(bench + "/images"), "the benchmark's images on S3");
    var registered = org.phenolip.core.io.BenchRegistry.list(s3.conf(), kg);
    assertEquals(List.of(bench), registered.stream().map(org.phenolip.core.io.BenchRegistry.Entry::bench).toList());
    JsonNode summary = Json.MAPPER.readTree(storage.readString(model + "/stage2_summary.json"));
    assertEquals(3, summary.get("steps").asInt(), summary.toString());
    assertEquals(Integer.parseInt(stage2Workers), summary.get("workers").asInt(), summary.toString());
    assertEquals(bench + "/excluded_articles.txt", summary.get("exclude_bench").asText());
    assertEquals(registered.get(0).excludedSha256(), summary.get("exclude_bench_sha256").asText());
    JsonNode record = Json.MAPPER.readTree(storage.readString(model + "/model/training.json"));
    assertEquals(vocab, record.at("/vocab/path").asText(), record.toString());
    JsonNode kgManifest = Json.MAPPER.readTree(storage.readString(
        kg + "/manifest.json"));
    assertTrue(kgManifest.get("inputs").has(hpo), "the KG records the HPO release by its URI: " + kgManifest.get("inputs"));
    JsonNode metrics = Json.MAPPER.readTree(storage.readString(report + "/metrics.json"));
    assertTrue(metrics.toString().contains("PhenoLIP"), "the model was scored");
    JsonNode build = Json.MAPPER.readTree(storage.readString(bench + "/build.json"));
    assertEquals(truth, build.get("ground_truth").asText());
    int rows = build.at("/summary/kept").asInt();
    assertTrue(rows > 0, build.toString());
    assertEquals(rows, storage.list(bench + "/images").size(), "one image per row, written by the executors to S3");
    for (String probe : List.of("isic", "breast")) {
      JsonNode scored = metrics.at("/models/0/linear_probe/" + probe);
      assertTrue(scored.path("test").asInt() > 0 && scored.at("/fractions/100%/accuracy_mean").isNumber(), probe + " probe scored from S3: " + scored);
    }

    if (!graphTools) return;
    // The graph tools read and write S3 too: the RDF view, a SPARQL result, an HPO conversion.
    String rdf = root + "/rdf/phenokg.nt.gz", rdfStats = root + "/rdf/stats.json", answer = root + "/rdf/systems.csv";
    assertEquals(0, cli(common, "kg", "export-rdf", "--kg", kg, "--out", rdf, "--stats", rdfStats));
    String triples;
    try (var in = new java.util.zip.GZIPInputStream(storage.open(rdf))) {
      triples = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(triples.lines().count() > 1000 && triples.contains("<http://purl.obolibrary.org/obo/HP_"), "N-Triples of PhenoKG on S3");
    assertTrue(Json.MAPPER.readTree(storage.readString(rdfStats)).size() > 0);
    assertEquals(0, cli(common, "kg", "sparql", "--kg", kg, "--query",
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--out", answer));
    List<String> csv = storage.readString(answer).lines().toList();
    assertEquals("n", csv.get(0).trim());
    long n = Long.parseLong(csv.get(1).trim());
    assertTrue(n > 1000 && n <= triples.lines().count(), "the graph's triples counted: " + n + " (export: " + triples.lines().count() + ")");
    String obo = root + "/rdf/hp.obo.gz";
    s3.settings().forEach((k, v) -> System.setProperty("spark.hadoop." + k, v)); // what spark-submit hands the driver
    try {
      org.apache.hadoop.fs.FileSystem.closeAll();
      assertEquals(0, Phenolip.commandLine().execute("kg", "ontology", "--hpo", hpo, "--convert", obo));
    } finally {
      s3.settings().keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
    }
    try (var in = new java.util.zip.GZIPInputStream(storage.open(obo))) {
      assertTrue(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).startsWith("format-version: 1.4"));
    }

    // An incremental rebuild on S3 (one package gone: a Delta MERGE deletes its rows), then KG
    // version 0 read back by time travel.
    JsonNode v0 = Json.MAPPER.readTree(storage.readString(kg + "/manifest.json"));
    try (var sample = Files.newDirectoryStream(pmc, "*.tar.gz")) {
      Files.delete(sample.iterator().next());
    }
    assertEquals(0, cli(common, "kg", "build", "--hpo", hpo, "--pmc", pmc.toString(), "--out", kg));
    JsonNode v1 = Json.MAPPER.readTree(storage.readString(kg + "/manifest.json"));
    assertEquals(1, v1.get("kgVersion").asLong());
    assertEquals(1, v1.at("/reconciliation/sources_dropped").asLong(), v1.get("reconciliation").toString());
    assertEquals(v0.at("/tableVersions/phenotypes"), v1.at("/tableVersions/phenotypes"), "the HPO tables were not rewritten");
    assertTrue(v1.at("/datasets/figures/rows").asLong() < v0.at("/datasets/figures/rows").asLong());
    String old = root + "/export-v0";
    assertEquals(0, cli(common, "kg", "export", "--kg", kg, "--kg-version", "0", "--tables", "figures,pairs", "--no-images",
        "--format", "jsonl", "--out", old));
    JsonNode exported = Json.MAPPER.readTree(storage.readString(old + "/export.json"));
    assertEquals("v0", exported.get("version").asText());
    for (String t : List.of("figures", "pairs")) {
      assertEquals(v0.at("/datasets/" + t + "/rows").asLong(), exported.at("/tables/" + t).asLong(), t + " of KG version 0");
    }

    // A build killed after Delta committed rows to pairs on S3, before its KG commit: readers do
    // not see them, and the next build rolls the table back before it changes it.
    SparkSession.getActiveSession().foreach(x -> {
      x.stop();
      return null;
    });
    java.util.Map<String, String> conf = new java.util.HashMap<>();
    s3.settings().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    SparkSession spark = org.phenolip.core.spark.SparkSessions.getOrCreate("s3-killed-build", "local[2]", conf);
    long pairs = v1.at("/datasets/pairs/rows").asLong();
    org.phenolip.core.kg.KgTables.open(spark, kg).table("pairs").limit(2)
        .withColumn("pair_id", org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.col("pair_id"),
            org.apache.spark.sql.functions.lit("-stray")))
        .write().format("delta").mode("append").save(kg + "/pairs");
    assertEquals(pairs, org.phenolip.core.kg.KgTables.open(spark, kg).table("pairs").count(), "uncommitted rows on S3 are not read");
    try (var sample = Files.newDirectoryStream(pmc, "*.tar.gz")) {
      Files.delete(sample.iterator().next());
    }
    assertEquals(0, cli(common, "kg", "build", "--hpo", hpo, "--pmc", pmc.toString(), "--out", kg));
    JsonNode v2 = Json.MAPPER.readTree(storage.readString(kg + "/manifest.json"));
    assertEquals(2, v2.get("kgVersion").asLong());
    SparkSession again = org.phenolip.core.spark.SparkSessions.getOrCreate("s3-killed-build", "local[2]", conf);
    var current = org.phenolip.core.kg.KgTables.open(again, kg).table("pairs");
    assertEquals(v2.at("/datasets/pairs/rows").asLong(), current.count());
    assertEquals(0, current.where("pair_id LIKE '%-stray'").count(), "the stray commit was rolled back");
  }

  /**
   * Each command as a fresh spark-submit would run it: no session left from the one before and no
   * cached S3 client, so every S3 access (checks before the session included) must carry the
   * command's own --conf settings.
   */
  private static int cli(List<String> common, String... args) throws java.io.IOException {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
    org.apache.hadoop.fs.FileSystem.closeAll();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(common);
    return Phenolip.commandLine().execute(all.toArray(new String[0]));
  }
}
