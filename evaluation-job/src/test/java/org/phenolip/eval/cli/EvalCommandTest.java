package org.phenolip.eval.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.bench.BenchManifest;
import org.phenolip.eval.bench.PhenotypeTable;
import org.phenolip.eval.embed.ClassNoiseModel;
import org.phenolip.eval.report.BenchInfo;
import org.phenolip.eval.report.Report;
import org.phenolip.eval.run.Evaluator;
import org.phenolip.eval.run.ModelScores;
import org.phenolip.eval.run.ProbeData;

class EvalCommandTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("EvalCommandTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** 60 rows, 6 classes (= phenotypes c0..c5), 2 systems; row i has class i % 6 and item i; every 4th row a second phenotype. */
  static List<BenchItem> bench() {
    List<BenchItem> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int c = i % 6;
      List<String> ph = i % 4 == 0 ? List.of(hpo(c), hpo((c + 2) % 6)) : List.of(hpo(c));
      items.add(new BenchItem("r" + i, null, ClassNoiseModel.image(c, i), "c" + c + " i" + i + " finding", ph, c % 2 == 0 ? "Radiology" : "Dermatology"));
    }
    return items;
  }

  static String hpo(int c) {
    return String.format("HP:%07d", c + 1);
  }

  static PhenotypeTable table() {
    Map<String, String> m = new LinkedHashMap<>();
    for (int c = 0; c < 6; c++) m.put(hpo(c), "c" + c);
    return new PhenotypeTable(m);
  }

  @Test
  void knownGroundTruthThroughSparkAndTheReport() throws Exception {
    var settings = Evaluator.Settings.defaults();
    ModelScores clean = Evaluator.evaluate(spark, ClassNoiseModel.factory(64, 0), bench(), table(), List.of(), settings, dir.resolve("emb").toString());
    ModelScores noisy = Evaluator.evaluate(spark, ClassNoiseModel.factory(64, 50), bench(), table(), List.of(), settings, null);
    // noise 0: an image equals its caption; its own class prompt beats the others.
    assertEquals(1.0, clean.retrieval().get("i2t").at(1), 1e-12);
    assertEquals(1.0, clean.retrieval().get("t2i").at(1), 1e-12);
    assertEquals(1.0, clean.zeroShot().average().top1(), 1e-12);
    assertEquals(1.0, clean.retrieval().get("i2p").at(1), 1e-12);
    assertEquals(1.0, clean.matching().r5(), 1e-12, "at most 2 true phenotypes of 6: both within the top 5");
    // noise 50 (100x the signal): near chance, 60 captions -> R@1 about 1/60.
    assertTrue(noisy.retrieval().get("i2t").at(1) < 0.2, "noisy i2t " + noisy.retrieval().get("i2t").at(1));
    assertTrue(noisy.zeroShot().overall().top1() < 0.7);
    assertEquals(60 + 60 + 6, spark.read().parquet(dir.resolve("emb").toString()).count(), "images + captions + phenotypes");
    // The same rows from a Parquet manifest with inline bytes: the images stay in the frame, and
    // each lines up with its caption (a row shifted would lose R@1 = 1).
    String pq = dir.resolve("bench.parquet").toString();
    BenchManifest.writeParquet(spark, pq, bench());
    var fromParquet = BenchManifest.read(spark, pq, table(), true);
    ModelScores viaFrame = Evaluator.evaluate(spark, ClassNoiseModel.factory(64, 0),
        org.phenolip.eval.run.BenchFrame.of(spark, fromParquet, 8), table(), List.of(), settings, null);
    assertEquals(1.0, viaFrame.retrieval().get("i2t").at(1), 1e-12);
    assertEquals(1.0, viaFrame.retrieval().get("t2i").at(1), 1e-12);
    assertEquals(1.0, viaFrame.zeroShot().average().top1(), 1e-12);
    Path out = dir.resolve("report");
    var loaded = new org.phenolip.eval.bench.Loaded(bench(), List.of(), 60);
    Report.write(out, BenchInfo.of("synthetic", loaded), Map.of("candidates", "system"), List.of(noisy, clean));
    JsonNode m = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
    assertEquals(Report.SCHEMA, m.get("schema").asText());
    assertEquals(1.0, m.at("/models/1/retrieval/i2t/r1").asDouble(), 1e-12);
    assertEquals(1.0, m.at("/models/1/zero_shot/per_system/Radiology/top1").asDouble(), 1e-12);
    assertEquals(50, m.at("/models/1/retrieval/p2i/curve").size());
    String md = Files.readString(out.resolve("report.md"), StandardCharsets.UTF_8);
    // Rows x models, with n, candidates, the chance level (Radiology: half its rows carry 2 of its 3
    // candidates -> (15 * 2/3 + 15 * 1/3) / 30 = 0.5) and the Wilson interval (60 of 60: [94.0, 100]).
    assertTrue(md.contains("| Radiology | 30 | 3 | 50.0 |"), md);
    assertTrue(md.contains("| micro (all rows) | 60 | 6 | 41.7 | "), md);
    assertTrue(md.contains("| 100.0 [94.0–100.0] |"), md);
    assertEquals(0.5, m.at("/models/1/zero_shot/per_system/Radiology/top1_chance").asDouble(), 1e-12);
    assertEquals(2, m.at("/models/1/retrieval/i2t/r10_ci95").size());
    assertEquals(1.0 / 60, m.at("/models/1/retrieval/i2t/r1_chance").asDouble(), 1e-12);
    assertTrue(md.contains("Phenotype matching (Face2Gene protocol; predicted set top:5)"), md);
    for (String png : List.of("zero_shot_per_system.png", "recall_i2t.png", "recall_p2i.png")) {
      assertTrue(Files.size(out.resolve("charts").resolve(png)) > 1000, png);
    }
    assertTrue(Files.readString(out.resolve("report.html")).contains("<img src=\"charts/recall_t2i.png\""));
  }

  @Test
  void cliRunsEndToEndWithRejectsAndAProbe() throws Exception {
    Path b = dir.resolve("b");
    List<BenchItem> items = new ArrayList<>(bench().subList(0, 24));
    BenchManifest.writeJsonl(b.resolve("bench.jsonl"), items);
    table().writeJsonl(b.resolve(PhenotypeTable.FILE));
    // A row with an unknown HPO id and one whose image file is gone.
    Files.writeString(b.resolve("bench.jsonl"), "{\"id\":\"u\",\"image\":\"images/0.png\",\"caption\":\"c1 x\",\"phenotypes\":[\"HP:0999999\"],\"system\":\"Radiology\"}\n"
        + "{\"id\":\"gone\",\"image\":\"images/none.png\",\"caption\":\"c1 x\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"Radiology\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    // A probe folder: 2 classes x 6 images of the model's own classes.
    for (int i = 0; i < 12; i++) {
      Path f = dir.resolve("probe/" + (i % 2 == 0 ? "a" : "b") + "/" + i + ".png");
      Files.createDirectories(f.getParent());
      Files.write(f, ClassNoiseModel.image(i % 2, 100 + i));
    }
    Path out = dir.resolve("out");
    int code = Phenolip.commandLine().execute("eval", "--model", "baseline:random-projection:32:8:1,baseline:random-projection:32:8:2",
        "--name", "rp1,rp2", "--bench", b.resolve("bench.jsonl").toString(), "--out", out.toString(), "--master", "local[2]",
        "--probe", "toy=" + dir.resolve("probe"), "--probe-seeds", "2", "--candidates", "all");
    assertEquals(0, code);
    JsonNode m = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
    assertEquals(26, m.at("/bench/rows_read").asInt());
    assertEquals(24, m.at("/bench/rows").asInt());
    assertEquals(1, m.at("/bench/rejects_by_reason/unknown HPO id").asInt());
    assertEquals(1, m.at("/bench/rejects_by_reason/missing image").asInt());
    assertEquals(2, Files.readAllLines(out.resolve("rejects.jsonl")).size());
    assertEquals("rp2", m.at("/models/1/name").asText());
    assertEquals(3, m.at("/models/0/linear_probe/toy/fractions").size());
    assertTrue(Files.exists(out.resolve("charts/probe_toy.png")));
    assertEquals(2, Phenolip.commandLine().execute("eval", "--model", "/no/such/model", "--bench", b.resolve("bench.jsonl").toString(), "--out", out.toString()),
        "an unknown model is a clear error, exit 2");
  }
}
