package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

class BuildBenchTest {
  static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("BuildBenchTest", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /**
   * 20 articles (10 integument, 10 eye), 3 figures each: f0 unique; f1 a caption every article
   * shares (up to case and spaces); f2 an image every article shares. Article A05's f0 has no
   * image. f0 carries 2 pairs (its system's term and, for f0 of A00, one of the other system).
   */
  static void writeKg(SparkSession spark, Path kg) {
    List<Row> rows = new ArrayList<>();
    List<Row> figures = new ArrayList<>();
    byte[] common = BenchManifestTest.png(99);
    for (int a = 0; a < 20; a++) {
      String art = String.format("A%02d", a);
      String sys = a < 10 ? "integument" : "eye";
      String hpo = a < 10 ? "HP:0000953" : "HP:0000505";
      for (int f = 0; f < 3; f++) {
        String fig = art + "/f" + f;
        byte[] img = f == 2 ? common : (a == 5 && f == 0 ? null : BenchManifestTest.png(a * 3 + f));
        String caption = f == 1 ? (a % 2 == 0 ? "Shared  caption." : "shared caption.") : "Figure " + f + " of article " + art;
        figures.add(RowFactory.create(fig, art, "f" + f, "Figure " + f, null, caption, List.of(), null, img, List.of()));
        rows.add(RowFactory.create(fig + "#0", fig, art, "caption", hpo, "label", "x", 0, 1, "label", 1.0, sys));
        if (f == 0) rows.add(RowFactory.create(fig + "#1", fig, art, "caption", a < 10 ? "HP:0001000" : "HP:0000479", "label2", "y", 0, 1, "label", 1.0, sys));
      }
    }
    spark.createDataFrame(rows, PhenoKg.PAIR).write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.PAIRS).toString());
    spark.createDataFrame(figures, PhenoKg.FIGURE).write().parquet(kg.resolve(PhenoKg.FIGURES).toString());
  }

  @Test
  void heldOutByArticleStratifiedAndDeduplicated() throws Exception {
    Path kg = dir.resolve("kg"), out = dir.resolve("bench");
    writeKg(spark, kg);
    var s = BuildBench.run(spark, kg.toString(), out, new BuildBench.Options(0.3, 0, 7));
    assertEquals(60, s.figures());
    assertEquals(20, s.articles());
    // quota 9 figures of 30 per system = 3 articles of 3 figures each.
    assertEquals(6, s.benchArticles());
    assertEquals(18, s.candidates());
    List<String> excluded = Files.readAllLines(out.resolve(BuildBench.EXCLUDED), StandardCharsets.UTF_8);
    assertEquals(6, excluded.size());
    assertEquals(3, excluded.stream().filter(a -> Integer.parseInt(a.substring(1)) < 10).count(), "stratified: 3 integument articles");
    Loaded l = BenchManifest.readJsonl(out.resolve(BuildBench.MANIFEST), PhenotypeTable.readJsonl(out.resolve(PhenotypeTable.FILE)), true);
    assertTrue(l.rejects().isEmpty());
    int missing = excluded.contains("A05") ? 1 : 0;
    assertEquals(6 - missing, l.items().size(), "only the unique f0 figures survive");
    try (var files = Files.list(out.resolve("images"))) {
      assertEquals(l.items().size(), files.count(), "the executors wrote one image per kept row (no .crc sidecars), none for rejects");
    }
    Map<String, Integer> why = s.rejectsByReason();
    assertEquals(6, why.get(BuildBench.REASON_IMAGE_IN_TRAINING));
    assertEquals(6, why.get(BuildBench.REASON_CAPTION_IN_TRAINING));
    assertEquals(missing, why.getOrDefault(BenchManifest.REASON_MISSING_IMAGE, 0));
    assertEquals(s.candidates(), s.kept() + why.values().stream().mapToInt(Integer::intValue).sum(), "rows in = kept + rejected");
    Set<String> benchArticles = new HashSet<>();
    for (BenchItem it : l.items()) {
      String art = it.id().substring(0, 3);
      benchArticles.add(art);
      assertTrue(excluded.contains(art), "bench row from an excluded article");
      assertEquals(2, it.phenotypes().size());
      assertEquals(Integer.parseInt(art.substring(1)) < 10 ? "integument" : "eye", it.system());
    }
    assertEquals(Files.readAllLines(out.resolve(BuildBench.REJECTS)).size(), s.candidates() - s.kept());
  }

  @Test
  void groundTruthHeldOutPhenotypesDomainsAndTheRegistry() throws Exception {
    Path kg = dir.resolve("kg2"), out = dir.resolve("bench2");
    // The writeKg KG plus a domain column: the integument articles are "Dermatology", the eye ones "Ophthalmology".
    writeKg(spark, dir.resolve("plain"));
    spark.read().parquet(dir.resolve("plain").resolve(PhenoKg.PAIRS).toString())
        .withColumn(BuildBench.DOMAIN, org.apache.spark.sql.functions.when(
            org.apache.spark.sql.functions.col(PhenoKg.SYSTEM).equalTo("integument"), "Dermatology").otherwise("Ophthalmology"))
        .write().partitionBy(PhenoKg.SYSTEM).parquet(kg.resolve(PhenoKg.PAIRS).toString());
    spark.read().parquet(dir.resolve("plain").resolve(PhenoKg.FIGURES).toString()).write().parquet(kg.resolve(PhenoKg.FIGURES).toString());
    // Ground truth: A12's f0 is compound; A13's f0 is really HP:0000518 only.
    Path gt = dir.resolve("ground_truth.jsonl");
    Files.writeString(gt, "{\"figure_id\":\"A12/f0\",\"hpo_ids\":[\"HP:0000505\"],\"compound\":true}\n"
        + "{\"figure_id\":\"A13/f0\",\"hpo_ids\":[\"HP:0000518\"],\"compound\":false}\n");
    // HP:0000479 is linked to f0 of every eye article (A10..A19): those figures must leave training.
    var s = BuildBench.run(spark, kg.toString(), out, new BuildBench.Options(0.3, 0, 7, gt.toString(), List.of("HP:0000479"), 0));
    assertEquals(BuildBench.DOMAIN, s.groupedBy());
    assertEquals(List.of("HP:0000479"), s.heldOut());
    List<String> excluded = Files.readAllLines(out.resolve(BuildBench.EXCLUDED), StandardCharsets.UTF_8);
    for (int a = 10; a < 20; a++) {
      assertTrue(excluded.contains(String.format("{\"figure_id\":\"A%02d/f0\"}", a)), "held-out figure of A" + a + " left training: " + excluded);
    }
    assertEquals(List.of("HP:0000479"), Files.readAllLines(out.resolve(BuildBench.HELDOUT)));
    assertEquals(1, s.rejectsByReason().get(BuildBench.REASON_COMPOUND));
    Loaded l = BenchManifest.readJsonl(out.resolve(BuildBench.MANIFEST), PhenotypeTable.readJsonl(out.resolve(PhenotypeTable.FILE)), true);
    Map<String, BenchItem> byId = new java.util.HashMap<>();
    l.items().forEach(it -> byId.put(it.id(), it));
    assertFalse(byId.containsKey("A12/f0"), "compound figure left out");
    assertEquals(List.of("HP:0000518"), byId.get("A13/f0").phenotypes(), "label of record from the ground truth");
    assertEquals("Ophthalmology", byId.get("A13/f0").system(), "grouped by imaging domain");
    assertEquals(s.unseenRows(), l.items().stream().filter(it -> it.phenotypes().contains("HP:0000479")).count());
    assertTrue(s.unseenRows() >= 7, "the eye f0 figures (less A12 compound, A13 relabelled) are unseen rows: " + s.unseenRows());
    // The benchmark is registered beside the KG, with its exclusion list's checksum.
    var reg = org.phenolip.core.io.BenchRegistry.list(spark.sparkContext().hadoopConfiguration(), kg.toString());
    assertEquals(1, reg.size());
    assertEquals(out.toAbsolutePath().normalize().toString(), reg.get(0).bench());
    assertEquals(org.phenolip.core.io.Checksums.sha256(out.resolve(BuildBench.EXCLUDED)), reg.get(0).excludedSha256());
    assertThrows(IllegalArgumentException.class, () -> new BuildBench.Options(0.3, 0, 7, null, List.of("HP:1"), 0));
  }

  /** Articles the ground truth assigns a side keep it; the seeded draw covers only the others. */
  @Test
  void theSourcesSplitDecidesItsArticles() throws Exception {
    Path kg = dir.resolve("kg3"), out = dir.resolve("bench3");
    writeKg(spark, kg);
    Path gt = dir.resolve("split.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int a = 0; a < 10; a++) { // the integument articles: A07 and A08 are bench, the rest train
      String art = String.format("A%02d", a);
      lines.append("{\"figure_id\":\"").append(art).append("/f0\",\"article_id\":\"").append(art).append("\",\"hpo_ids\":[\"HP:0000953\"],")
          .append("\"split\":\"").append(a == 7 || a == 8 ? "bench" : "train").append("\"}\n");
    }
    Files.writeString(gt, lines);
    var s = BuildBench.run(spark, kg.toString(), out, new BuildBench.Options(0.3, 0, 7, gt.toString(), List.of(), 0));
    List<String> excluded = Files.readAllLines(out.resolve(BuildBench.EXCLUDED), StandardCharsets.UTF_8);
    assertEquals(List.of("A07", "A08"), excluded.stream().filter(a -> Integer.parseInt(a.substring(1)) < 10).toList(),
        "integument: exactly the ground truth's bench articles");
    assertEquals(3, excluded.stream().filter(a -> Integer.parseInt(a.substring(1)) >= 10).count(), "eye: drawn as before");
    assertEquals(5, s.benchArticles());
    assertEquals(10, ((Number) org.phenolip.core.io.Json.MAPPER.readTree(out.resolve(BuildBench.SUMMARY).toFile())
        .get("articles_split_by_ground_truth").numberValue()).intValue());
    // A bad split value or an article on both sides is a clear error, not a silent choice.
    Files.writeString(gt, "{\"figure_id\":\"A00/f0\",\"article_id\":\"A00\",\"hpo_ids\":[],\"split\":\"test\"}\n");
    var bad = assertThrows(IllegalArgumentException.class, () -> GroundTruth.read(gt));
    assertTrue(bad.getMessage().contains("line 1: split must be \"train\" or \"bench\", got \"test\""), bad.getMessage());
    Files.writeString(gt, "{\"figure_id\":\"A00/f0\",\"article_id\":\"A00\",\"split\":\"bench\"}\n"
        + "{\"figure_id\":\"A00/f1\",\"article_id\":\"A00\",\"split\":\"train\"}\n");
    var both = assertThrows(IllegalArgumentException.class, () -> GroundTruth.read(gt));
    assertTrue(both.getMessage().contains("line 2: article A00 is both bench and train"), both.getMessage());
  }

  @Test
  void dedupWithinTheBenchKeepsTheFirstFigure() {
    List<BuildBench.Figure> f = List.of(
        new BuildBench.Figure("a/1", "a", "One", "h1", List.of("HP:0000001"), "eye"),
        new BuildBench.Figure("a/2", "a", "Two", "h1", List.of("HP:0000001"), "eye"),
        new BuildBench.Figure("a/3", "a", " one ", "h3", List.of("HP:0000001"), "eye"),
        new BuildBench.Figure("a/4", "a", "Four", "h4", List.of("HP:0000001"), "eye"));
    List<Reject> rejects = new ArrayList<>();
    var kept = BuildBench.dedup(f, Set.of("h4"), Set.of(), rejects, "t");
    assertEquals(List.of("a/1"), kept.stream().map(BuildBench.Figure::figureId).toList());
    assertEquals(List.of(BuildBench.REASON_DUPLICATE_IMAGE, BuildBench.REASON_DUPLICATE_CAPTION, BuildBench.REASON_IMAGE_IN_TRAINING),
        rejects.stream().map(Reject::reason).toList());
    assertEquals("eye", BuildBench.majority(List.of("eye", "integument", "eye")));
    assertEquals("eye", BuildBench.majority(List.of("integument", "eye")), "ties go to AnatomicalSystem order (eye first)");
  }

  @Test
  void parquetManifestRoundTripsAndRejectsLikeJsonl() throws Exception {
    String p = dir.resolve("m.parquet").toString();
    List<BenchItem> items = List.of(
        new BenchItem("a", null, BenchManifestTest.png(1), "cap a", List.of("HP:0000001"), "Radiology"),
        new BenchItem("b", null, "junk".getBytes(StandardCharsets.UTF_8), "cap b", List.of("HP:0000001"), "Radiology"),
        new BenchItem("c", null, BenchManifestTest.png(2), "cap c", List.of("HP:0000001"), ""));
    BenchManifest.writeParquet(spark, p, items);
    // One Spark job reads the manifest's rows (text fields + each image's check): no zipWithIndex job, no sort
    // sampling, both of which read every image's bytes again (the code before this test ran 3 such jobs).
    Loaded[] read = new Loaded[1];
    List<String> jobs = org.phenolip.core.spark.JobGroups.jobsOf(spark, () -> read[0] = BenchManifest.read(spark, p, null, true));
    Loaded l = read[0];
    // jobs other than spark.read().parquet's own, which reads the footers only
    List<String> scans = jobs.stream().filter(j -> !j.startsWith("parquet at BenchManifest")).toList();
    assertEquals(1, scans.size(), "jobs that read the manifest's rows: " + scans);
    assertEquals(3, l.rowsRead());
    assertEquals(List.of("a"), l.items().stream().map(BenchItem::id).toList());
    assertEquals(Map.of(BenchManifest.REASON_CORRUPT_IMAGE, 1, BenchManifest.REASON_EMPTY_SYSTEM, 1), l.rejectsByReason());
    // The bytes stayed on the executors: the kept row's image comes with the frame, not the driver's items.
    assertNull(l.items().get(0).image());
    List<Row> frame = l.frame().collectAsList();
    assertEquals(1, frame.size());
    assertEquals(0L, frame.get(0).<Long>getAs("row"));
    assertEquals("a", frame.get(0).getAs("id"));
    assertArrayEquals(items.get(0).image(), frame.get(0).<byte[]>getAs("image"));
  }

  @Test
  void parquetManifestWithImagePathsResolvesThemBesideIt() throws Exception {
    Path m = dir.resolve("paths");
    Files.createDirectories(m.resolve("images"));
    Files.write(m.resolve("images/a.png"), BenchManifestTest.png(3));
    Files.write(m.resolve("images/b.png"), "junk".getBytes(StandardCharsets.UTF_8));
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("id", "string").add("image", "string").add("caption", "string")
        .add("phenotypes", org.apache.spark.sql.types.DataTypes.createArrayType(org.apache.spark.sql.types.DataTypes.StringType)).add("system", "string");
    List<Row> rows = List.of(RowFactory.create("a", "images/a.png", "cap a", List.of("HP:0000001"), "eye"),
        RowFactory.create("b", "images/b.png", "cap b", List.of("HP:0000001"), "eye"),
        RowFactory.create("c", "images/none.png", "cap c", List.of("HP:0000001"), "eye"));
    String p = m.resolve("bench.parquet").toUri().toString(); // a file: URI, as a remote one would be given
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(p);
    Loaded l = BenchManifest.read(spark, p, null, true);
    assertEquals(3, l.rowsRead());
    assertEquals(List.of("a"), l.items().stream().map(BenchItem::id).toList());
    assertNull(l.frame(), "path images: the items say where each is");
    assertArrayEquals(BenchManifestTest.png(3), l.items().get(0).imageBytes());
    assertEquals(Map.of(BenchManifest.REASON_CORRUPT_IMAGE, 1, BenchManifest.REASON_MISSING_IMAGE, 1), l.rejectsByReason());
  }

  @Test
  void aKgWithoutPairsColumnsIsAClearError() {
    String bad = dir.resolve("badkg").toString();
    spark.range(3).toDF("pair_id").write().parquet(bad + "/" + PhenoKg.PAIRS);
    var e = assertThrows(IllegalArgumentException.class, () -> BuildBench.run(spark, bad, dir.resolve("o"), new BuildBench.Options(0.5, 0, 1)));
    assertTrue(e.getMessage().contains("missing column 'figure_id'"), e.getMessage());
  }
}
