package org.phenolip.deploy;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.model.encode.PhenolipEncoder;

/**
 * The README's main command, end to end on the bundled sample (fewer steps): every stage runs,
 * counts reconcile, the stage-2 loss falls, the report compares three models, and the trained
 * PhenoLIP model's zero-shot accuracy on its own training figures beats chance.
 */
class PipelineTest {
  /** Kept after the test: the notebooks module executes the notebooks against these outputs. */
  static final Path tmp = Path.of("target", "pipeline-test").toAbsolutePath();

  @BeforeAll
  static void clean() throws Exception {
    if (Files.exists(tmp)) {
      try (var s = Files.walk(tmp)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
  }

  @AfterAll
  static void stop() {
    SparkSession.getActiveSession().foreach(s -> {
      s.stop();
      return null;
    });
  }

  @Test
  void pipelineRunsEndToEndAndTheModelLearns() throws Exception {
    Path out = tmp.resolve("pipeline");
    int code = Phenolip.commandLine().execute("pipeline", "--out", out.toString(), "--data", "../data",
        "--stage1-steps", "60", "--stage2-epochs", "10", "--probe", "none", "--master", "local[2]");
    assertEquals(0, code);

    String kg = out.resolve("kg").toString();
    JsonNode manifest = Json.MAPPER.readTree(Path.of(kg, PhenoKg.MANIFEST).toFile());
    assertEquals(0, manifest.get("kgVersion").asLong(), "one Delta KG version");
    JsonNode rec = manifest.get("reconciliation");
    assertEquals(rec.get("sources_read").asLong(), rec.get("articles_written").asLong() + rec.get("sources_rejected").asLong());
    assertEquals(58, rec.get("sources_read").asLong(), "48 JATS articles + 10 sample versions kg fetch mirrored");
    assertTrue(Files.isDirectory(out.resolve("pmc-mirror").resolve("_fetch_log").resolve("_delta_log")), "the fetch log");
    assertTrue(Files.isRegularFile(out.resolve("pmc-mirror").resolve("PMC9000001.2").resolve("PMC9000001.2.xml")), "latest version");
    assertTrue(manifest.get("datasets").get("pairs").get("rows").asLong() > 100);

    for (String run : List.of("phenolip", "clip")) {
      JsonNode s = Json.MAPPER.readTree(out.resolve(run).resolve("stage2_summary.json").toFile());
      assertTrue(s.get("excluded_articles").asInt() > 0, run + " excluded the benchmark articles");
      assertTrue(s.get("last_loss").asDouble() < s.get("first_loss").asDouble(), run + ": " + s);
    }
    JsonNode stage1 = Json.MAPPER.readTree(out.resolve("teacher").resolve("stage1_summary.json").toFile());
    JsonNode after = stage1.get("probe_after");
    assertTrue(after.get("parent_child_cosine").asDouble() > after.get("random_pair_cosine").asDouble(), stage1.toString());

    JsonNode metrics = Json.MAPPER.readTree(out.resolve("report").resolve("metrics.json").toFile());
    assertEquals(3, metrics.get("models").size());
    assertTrue(Files.exists(out.resolve("report").resolve("report.html")));
    assertTrue(Files.exists(out.resolve("report").resolve("report.md")));
    assertEveryModelFolderCarriesItsSettings(out, kg, metrics);
    assertTrue(Files.isDirectory(out.resolve("report").resolve("embeddings").resolve("PhenoLIP")), "saved embeddings (notebook 04)");

    assertZeroShotOnTrainingFiguresBeatsChance(out, kg);
    assertAPretrainedImageTowerTrainsAndScores(out, kg);
  }

  /**
   * {@code train stage2 --image-tower} through the CLI on the pipeline's KG (an untrained
   * TorchScript CNN stands in for BiomedCLIP's tower: the plumbing, not the accuracy, is tested
   * here; PretrainedImageTowerTest in training-job measures what pretraining brings), with the
   * teacher's text tower and distillation, then {@code eval} of the saved model.
   */
  private static void assertAPretrainedImageTowerTrainsAndScores(Path out, String kg) throws Exception {
    Path tower = Files.createDirectories(tmp.resolve("image-tower").resolve("tower"));
    Files.copy(Path.of("../training-job/src/test/resources/tower/small_cnn_untrained.pt"), tower.resolve("model.pt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    var spec = org.phenolip.model.tower.TowerSpec.image("model.pt", 32, 64, new float[] {0.5f, 0.5f, 0.5f},
        new float[] {0.25f, 0.25f, 0.25f});
    spec.write(tower);
    Path run = tmp.resolve("image-tower").resolve("student");
    String bench = out.resolve("bench").toString();
    assertEquals(0, Phenolip.commandLine().execute("train", "stage2", "--kg", kg, "--out", run.toString(),
        "--teacher", out.resolve("teacher").toString(), "--init", "teacher", "--image-tower", tower.toString(),
        "--preset", "tiny", "--max-steps", "3", "--batch-size", "8", "--exclude-bench",
        Path.of(bench, "excluded_articles.txt").toString(), "--master", "local[2]"));
    Path model = run.resolve("model");
    assertTrue(Files.isRegularFile(model.resolve("image_tower.json")), "the tower's spec is saved with the model");
    JsonNode training = Json.MAPPER.readTree(model.resolve("training.json").toFile());
    assertEquals("the teacher's text tower and text projection; image tower: pretrained (TorchScript)",
        training.get("init").asText());
    assertEquals(tower.toUri().toString(), training.get("image_tower").get("path").asText(), training.toString());
    assertEquals(64, Json.MAPPER.readTree(model.resolve("config.json").toFile()).get("imageSize").asInt());
    List<String> texts = List.of("Dermoscopy of a melanoma.");
    float[] teacherText;
    try (PhenolipEncoder t = PhenolipEncoder.load(out.resolve("teacher").resolve("model"))) {
      teacherText = t.embedTexts(texts)[0];
    }
    try (PhenolipEncoder enc = PhenolipEncoder.load(model)) {
      assertEquals(spec, enc.model().imageTowerSpec());
      // the student's text side started from the teacher's (a random one would be near-orthogonal) and then moved
      float[] e = enc.embedTexts(texts)[0];
      double cos = 0;
      for (int i = 0; i < e.length; i++) cos += e[i] * teacherText[i];
      assertTrue(cos > 0.9, "student vs teacher text embedding cosine " + cos);
      assertFalse(java.util.Arrays.equals(e, teacherText), "3 steps moved the text tower");
    }
    Path report = tmp.resolve("image-tower").resolve("report");
    assertEquals(0, Phenolip.commandLine().execute("eval", "--model", model.toString(), "--name", "Image tower",
        "--bench", Path.of(bench, "bench.jsonl").toString(), "--kg", kg, "--out", report.toString(), "--master", "local[2]"));
    JsonNode metrics = Json.MAPPER.readTree(report.resolve("metrics.json").toFile());
    assertEquals(1, metrics.get("models").size(), metrics.toString());
  }

  /** training.json beside every model the pipeline writes, with the inputs' checksums; eval reports it. */
  private static void assertEveryModelFolderCarriesItsSettings(Path out, String kg, JsonNode metrics) throws Exception {
    for (String run : List.of("teacher", "phenolip", "clip")) {
      JsonNode t = Json.MAPPER.readTree(out.resolve(run).resolve("model").resolve("training.json").toFile());
      assertEquals(run.equals("teacher") ? "stage1" : "stage2", t.get("stage").asText(), run);
      assertEquals("tiny", t.get("preset").asText(), run);
      assertEquals("SUM", t.get("gradient_reduction").asText(), run);
      assertTrue(t.at("/lr/peak").asDouble() > 0 && t.at("/lr/warmup_steps").isNumber(), run + ": " + t);
      assertEquals("v0", t.at("/phenokg/version").asText(), run + ": the KG version --kg-version reads again");
      assertEquals(64, t.at("/phenokg/manifest_sha256").asText().length(), run);
      assertEquals(64, t.at("/vocab/sha256").asText().length(), run);
      assertTrue(t.at("/versions/djl").asText().startsWith("0."), run + ": " + t.get("versions"));
      assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), t.at("/versions/spark").asText(), run + ": the Spark it ran on");
      if (!run.equals("teacher")) assertEquals(64, t.at("/excluded_benchmark/sha256").asText().length(), run);
    }
    JsonNode phenolip = Json.MAPPER.readTree(out.resolve("phenolip").resolve("model").resolve("training.json").toFile());
    assertEquals(64, phenolip.at("/teacher/sha256").asText().length());
    assertTrue(phenolip.get("distillation").asBoolean());
    assertTrue(metrics.at("/training/PhenoLIP/lambda").isNumber(), "metrics.json carries the PhenoLIP model's settings");
    assertEquals(2, metrics.get("training").size(), "the two trained models' settings (random init has none)");
    String md = Files.readString(out.resolve("report").resolve("report.md"));
    assertTrue(md.contains("### Training settings") && md.contains("phenokg.manifest_sha256"), "report.md shows training.json");
    assertTrue(Files.readString(out.resolve("report").resolve("report.html")).contains("<h3>Training settings</h3>"));
  }

  private static void assertZeroShotOnTrainingFiguresBeatsChance(Path out, String kg) throws Exception {
    Set<String> excluded = new HashSet<>(Files.readAllLines(out.resolve("bench").resolve("excluded_articles.txt")));
    SparkSession spark = SparkSession.active();
    var tables = org.phenolip.core.kg.KgTables.open(spark, kg);
    List<Row> pairs = org.phenolip.core.schema.FigurePairs.withCaption(tables.table(PhenoKg.PAIRS), tables.table(PhenoKg.FIGURES), "image")
        .filter(col("image").isNotNull()).filter(not(col("article_id").isin(excluded.toArray())))
        .select("figure_id", "image", "hpo_id", "hpo_label").collectAsList();
    Map<String, byte[]> images = new LinkedHashMap<>();
    Map<String, Set<String>> truth = new LinkedHashMap<>();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Row r : pairs) {
      images.putIfAbsent(r.getString(0), (byte[]) r.get(1));
      truth.computeIfAbsent(r.getString(0), k -> new LinkedHashSet<>()).add(r.getString(2));
      labels.putIfAbsent(r.getString(2), r.getString(3));
    }
    List<String> classes = new ArrayList<>(labels.keySet());
    try (PhenolipEncoder enc = PhenolipEncoder.load(out.resolve("phenolip").resolve("model"))) {
      float[][] cls = enc.embedTexts(classes.stream().map(labels::get).toList());
      List<String> errors = new ArrayList<>();
      List<String> figs = new ArrayList<>(images.keySet());
      float[][] img = enc.embedImages(figs.stream().map(images::get).toList(), errors);
      assertTrue(errors.isEmpty(), errors.toString());
      double hits = 0;
      double chance = 0;
      for (int i = 0; i < figs.size(); i++) {
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes.size(); c++) {
          double s = 0;
          for (int k = 0; k < img[i].length; k++) s += img[i][k] * cls[c][k];
          if (s > bestScore) {
            bestScore = s;
            best = c;
          }
        }
        Set<String> correct = truth.get(figs.get(i));
        if (correct.contains(classes.get(best))) hits++;
        chance += (double) correct.size() / classes.size();
      }
      double acc = hits / figs.size();
      chance /= figs.size();
      System.err.printf("zero-shot on %d training figures over %d phenotypes: top-1 %.3f, chance %.3f%n",
          figs.size(), classes.size(), acc, chance);
      assertTrue(acc > chance, "zero-shot top-1 " + acc + " is not above chance " + chance);
    }
  }
}
