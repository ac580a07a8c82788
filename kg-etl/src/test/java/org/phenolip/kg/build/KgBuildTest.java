package org.phenolip.kg.build;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.core.kg.KgCommitLog;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;
import org.phenolip.core.spark.SparkSessions;

/** kg build end to end on the real sample (48 JATS articles + the HPO 2024 release) in local[2]. */
class KgBuildTest {
  static SparkSession spark;
  static final Path HPO = Path.of("../data/hpo/hp.v2024-08-13.json.gz");

  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("kg-build-test", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void buildsReconcilesPartitionsAndSkipsAnUnchangedRerun() throws Exception {
    Path pmc = tmp.resolve("pmc");
    copyTree(Path.of("../data/pmc"), pmc);
    Files.writeString(pmc.resolve("truncated.nxml"), "<article><front><article-meta><title-group>");
    String out = tmp.resolve("kg").toString();

    var r = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertFalse(r.upToDate());
    var rec = r.manifest().reconciliation();
    assertEquals(49, rec.get("sources_read"));
    assertEquals(48, rec.get("articles_written"));
    assertEquals(1, rec.get("sources_rejected"));
    assertEquals(193, rec.get("figures_written"), "figures listed in data/SOURCES.md");
    assertEquals(rec.get("sources_read"), rec.get("articles_written") + rec.get("sources_rejected"));

    assertEquals(0, r.kgVersion(), "the first build is KG version 0");
    KgTables v0 = KgTables.open(spark, out);
    for (String ds : List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES, PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.REJECTS)) {
      var df = v0.table(ds);
      SchemaCheck.require(ds, df.schema(), PhenoKg.schemaOf(ds));
      assertEquals(r.manifest().datasets().get(ds).rows(), df.count(), ds);
      assertTrue(Files.isDirectory(Path.of(out, ds, "_delta_log")), ds + " is a Delta table");
    }
    assertEquals(19434, r.manifest().datasets().get(PhenoKg.PHENOTYPES).rows(), "HP classes incl. obsolete");
    assertEquals(23409, r.manifest().datasets().get(PhenoKg.EDGES).rows());
    assertTrue(Files.isDirectory(Path.of(out, PhenoKg.PHENOTYPES, "system=cardiovascular")));
    assertTrue(Files.isRegularFile(Path.of(out, KgCommitLog.DIR, "0000000000.json")));
    assertEquals(Json.MAPPER.readTree(Files.readString(Path.of(out, KgCommitLog.DIR, "0000000000.json"))),
        Json.MAPPER.readTree(Files.readString(Path.of(out, PhenoKg.MANIFEST))), "manifest.json is the last commit");

    // Pairs point at real figures and carry spans that cut the matched text out of the caption,
    // which only the figure row stores (a pair names the field: caption, or the title of a figure without one).
    var pairs = org.phenolip.core.schema.FigurePairs.withCaption(v0.table(PhenoKg.PAIRS), v0.table(PhenoKg.FIGURES)).collectAsList();
    assertFalse(pairs.isEmpty());
    assertFalse(java.util.Arrays.asList(v0.table(PhenoKg.PAIRS).columns()).contains("image"));
    for (Row p : pairs) {
      String caption = p.getAs("caption");
      int s = p.getAs("span_start");
      int e = p.getAs("span_end");
      assertEquals(p.<String>getAs("matched_text"), caption.substring(s, e));
    }
    var rejects = v0.table(PhenoKg.REJECTS).collectAsList();
    assertTrue(rejects.stream().anyMatch(x -> x.getString(0).endsWith("truncated.nxml")), rejects.toString());

    var again = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertTrue(again.upToDate());
    assertEquals(0, again.kgVersion(), "nothing committed");

    // One new source: only it is parsed; the 49 unchanged ones keep their rows, the HPO tables their Delta versions.
    Files.writeString(pmc.resolve("empty.nxml"), "");
    var grown = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertEquals(1, grown.kgVersion());
    var g = grown.manifest().reconciliation();
    assertEquals(50, g.get("sources_read"));
    assertEquals(1, g.get("sources_parsed"));
    assertEquals(49, g.get("sources_reused"));
    assertEquals(48, g.get("articles_written"));
    assertEquals(2, g.get("sources_rejected"));
    assertEquals(g.get("sources_read"), g.get("articles_written") + g.get("sources_rejected"));
    assertEquals(193, g.get("figures_written"));
    assertEquals(pairs.size(), grown.manifest().datasets().get(PhenoKg.PAIRS).rows());
    assertEquals(r.manifest().tableVersions().get(PhenoKg.PHENOTYPES), grown.manifest().tableVersions().get(PhenoKg.PHENOTYPES));
    assertEquals(r.manifest().tableVersions().get(PhenoKg.EDGES), grown.manifest().tableVersions().get(PhenoKg.EDGES));
    KgTables v1 = KgTables.open(spark, out);
    assertEquals("v1", v1.version().name());
    assertEquals(sorted(v0.table(PhenoKg.PAIRS)), sorted(v1.table(PhenoKg.PAIRS)));
    assertEquals(r.manifest().datasets().get(PhenoKg.REJECTS).rows() + 1, v1.table(PhenoKg.REJECTS).count());

    // A source removed: one MERGE deletes its article's figures and pairs, nothing else; version 1 stays readable.
    Row gone = v1.table(PhenoKg.ARTICLES).join(v1.table(PhenoKg.PAIRS).select("article_id").distinct(), "article_id")
        .where(col("source").contains("!").unary_$bang()).orderBy("article_id").first();
    String goneId = gone.getAs("article_id");
    String goneSource = gone.getAs("source");
    Path goneFile = goneSource.startsWith("file:") ? Path.of(java.net.URI.create(goneSource)) : Path.of(goneSource);
    long gonePairs = v1.table(PhenoKg.PAIRS).where(col("article_id").equalTo(goneId)).count();
    long goneFigures = v1.table(PhenoKg.FIGURES).where(col("article_id").equalTo(goneId)).count();
    assertTrue(gonePairs > 0);
    Files.delete(goneFile);
    var shrunk = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertEquals(2, shrunk.kgVersion());
    assertEquals(1, shrunk.manifest().reconciliation().get("sources_dropped"));
    assertEquals(0, shrunk.manifest().reconciliation().get("sources_parsed"));
    assertEquals(47, shrunk.manifest().reconciliation().get("articles_written"));
    KgTables v2 = KgTables.open(spark, out);
    assertEquals(pairs.size() - gonePairs, v2.table(PhenoKg.PAIRS).count());
    assertEquals(193 - goneFigures, v2.table(PhenoKg.FIGURES).count());
    assertEquals(0, v2.table(PhenoKg.PAIRS).where(col("article_id").equalTo(goneId)).count());
    Row merge = io.delta.tables.DeltaTable.forPath(spark, out + "/" + PhenoKg.PAIRS).history()
        .where("operation = 'MERGE'").orderBy(col("version").desc()).first();
    assertEquals(String.valueOf(gonePairs), merge.<scala.collection.Map<String, String>>getAs("operationMetrics")
        .get("numTargetRowsDeleted").get(), "the MERGE deleted exactly the removed article's pairs");
    // Time travel: KG version 1, by number, still has them.
    KgTables back = KgTables.open(spark, out, "1");
    assertEquals(pairs.size(), back.table(PhenoKg.PAIRS).count());
    assertEquals(sorted(v1.table(PhenoKg.PAIRS)), sorted(back.table(PhenoKg.PAIRS)));

    // A killed build: Delta commits rows to pairs, but no KG commit follows. Readers do not see
    // them; the next build rolls the table back before it changes it.
    long before = v2.table(PhenoKg.PAIRS).count();
    v2.table(PhenoKg.PAIRS).limit(3).withColumn("pair_id", org.apache.spark.sql.functions.concat(col("pair_id"), org.apache.spark.sql.functions.lit("-stray")))
        .write().format("delta").mode("append").save(out + "/" + PhenoKg.PAIRS);
    assertEquals(before, KgTables.open(spark, out).table(PhenoKg.PAIRS).count(), "uncommitted rows are not read");
    Files.writeString(pmc.resolve("empty2.nxml"), "");
    var after = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertEquals(3, after.kgVersion());
    assertEquals(before, after.manifest().datasets().get(PhenoKg.PAIRS).rows());
    assertEquals(0, KgTables.open(spark, out).table(PhenoKg.PAIRS).where(col("pair_id").endsWith("-stray")).count());
  }

  private static List<Row> sorted(org.apache.spark.sql.Dataset<Row> pairs) {
    return pairs.select("pair_id", "span_start", "hpo_id").orderBy("pair_id").collectAsList();
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
