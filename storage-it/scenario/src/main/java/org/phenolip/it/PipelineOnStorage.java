package org.phenolip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.KgSnapshot;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/**
 * The real path on a remote file system, through the CLI as a user runs it: {@code kg build}
 * into {@code base}, a build that dies after writing a table (the previous version stays
 * readable, the next build restores and commits), {@code eval build-bench}, {@code train
 * stage1}, {@code train stage2} (a few steps, tiny preset) and {@code eval}, every input and
 * output a Hadoop URI under {@code base} (HDFS or S3). Only the bundled HPO and PMC sample
 * are read from local disk.
 */
public final class PipelineOnStorage {
  private final SparkSession spark;
  private final String base;
  private final Path data;
  private final Storage storage;

  /** {@code hadoop} are the settings that reach the file system ({@code fs.s3a.endpoint}, …). */
  public PipelineOnStorage(String base, Map<String, String> hadoop, Path data) {
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    hadoop.forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    conf.put("spark.sql.shuffle.partitions", "2");
    this.spark = SparkSessions.getOrCreate("pipeline-on-storage", "local[2]", conf);
    this.base = base;
    this.data = data;
    this.storage = Storage.of(spark);
  }

  public SparkSession spark() {
    return spark;
  }

  public void run(Path scratch) throws Exception {
    String kg = base + "/kg";
    // The bundled OA sample packages (figures with images); one held back to arrive later.
    Path pmc = scratch.resolve("pmc");
    Files.createDirectories(pmc);
    List<Path> packages = new ArrayList<>();
    try (var s = Files.list(data.resolve("sample/pmc-oa"))) {
      s.filter(f -> f.getFileName().toString().endsWith(".tar.gz")).sorted().forEach(packages::add); // OA packages only
    }
    for (Path p : packages.subList(0, packages.size() - 1)) Files.copy(p, pmc.resolve(p.getFileName()));
    String hpo = data.resolve("hpo/hp.v2024-08-13.json.gz").toString();

    cli("kg", "build", "--hpo", hpo, "--pmc", pmc.toString(), "--out", kg);
    KgSnapshot v0 = KgSnapshot.open(spark, kg);
    assertEquals(0, v0.version());
    long pairs0 = v0.table(PhenoKg.PAIRS).count();
    assertTrue(pairs0 > 0, "pairs written to " + kg);
    JsonNode manifest = Json.MAPPER.readTree(storage.readString(kg + "/" + PhenoKg.MANIFEST));
    assertEquals(0, manifest.get("kg_version").asLong());
    assertEquals(pairs0, manifest.get("datasets").get("pairs").get("rows").asLong());

    // A build that died after committing one table and before the KG version: readers still
    // see version 0, whole.
    Row junk = v0.table(PhenoKg.PAIRS).limit(1).collectAsList().get(0);
    spark.createDataFrame(List.of(junk), v0.table(PhenoKg.PAIRS).schema()).write().format("delta")
        .mode(SaveMode.Append).save(kg + "/" + PhenoKg.PAIRS);
    KgSnapshot still = KgSnapshot.open(spark, kg);
    assertEquals(0, still.version());
    assertEquals(pairs0, still.table(PhenoKg.PAIRS).count());
    // The next build restores the tables to version 0 and MERGEs the new package's rows.
    Path late = packages.get(packages.size() - 1);
    Files.copy(late, pmc.resolve(late.getFileName()));
    cli("kg", "build", "--hpo", hpo, "--pmc", pmc.toString(), "--out", kg);
    KgSnapshot v1 = KgSnapshot.open(spark, kg);
    assertEquals(1, v1.version());
    long pairs1 = v1.table(PhenoKg.PAIRS).count();
    long fromLate = v1.table(PhenoKg.PAIRS).join(v1.table(PhenoKg.ARTICLES)
        .filter(org.apache.spark.sql.functions.col("source").contains(late.getFileName().toString())), "article_id").count();
    assertEquals(pairs0 + fromLate, pairs1, "no junk row, the new package's pairs merged");
    assertEquals(pairs0, KgSnapshot.open(spark, kg, 0L).table(PhenoKg.PAIRS).count(), "time travel to version 0");

    String bench = base + "/bench";
    cli("eval", "build-bench", "--kg", kg, "--out", bench, "--fraction", "0.2");
    assertTrue(storage.exists(bench + "/bench.jsonl"));

    String teacher = base + "/teacher";
    cli("train", "stage1", "--kg", kg, "--out", teacher, "--preset", "tiny", "--max-steps", "2", "--batch-size", "16",
        "--warmup-steps", "1", "--max-terms", "64");
    assertTrue(storage.exists(teacher + "/model/" + org.phenolip.model.tower.PhenolipModel.PARAMS_FILE));
    assertTrue(storage.isDirectory(teacher + "/phenotype_embeddings"));

    String model = base + "/phenolip";
    cli("train", "stage2", "--kg", kg, "--kg-version", "1", "--teacher", teacher, "--out", model, "--preset", "tiny",
        "--max-steps", "2", "--batch-size", "4", "--warmup-steps", "1");
    JsonNode summary = Json.MAPPER.readTree(storage.readString(model + "/stage2_summary.json"));
    assertEquals(1, summary.get("kg_version").asLong(), summary.toString());
    assertEquals(v1.tableVersions().get(PhenoKg.PAIRS).longValue(), summary.get("kg_tables").get(PhenoKg.PAIRS).asLong());
    String metrics = storage.readString(model + "/metrics.jsonl");
    assertEquals(2, metrics.lines().count(), "rank 0 wrote a metrics line per step to " + model);
    assertTrue(storage.exists(model + "/checkpoints/CURRENT"));
    assertTrue(storage.exists(model + "/model/" + org.phenolip.model.tower.PhenolipModel.PARAMS_FILE));

    String report = base + "/report";
    cli("eval", "--model", model, "--name", "PhenoLIP", "--bench", bench + "/bench.jsonl", "--kg", kg,
        "--out", report);
    JsonNode scores = Json.MAPPER.readTree(storage.readString(report + "/metrics.json"));
    assertEquals(1, scores.get("models").size());
    assertTrue(storage.exists(report + "/report.html"));
  }

  private void cli(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--master", "local[2]"));
    int code = Phenolip.commandLine().execute(a.toArray(String[]::new));
    assertEquals(0, code, "phenolip " + String.join(" ", a));
  }

  public void close() throws IOException {
    spark.stop();
  }
}
