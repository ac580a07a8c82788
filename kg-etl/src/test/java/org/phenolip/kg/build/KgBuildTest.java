package org.phenolip.kg.build;

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
import org.phenolip.core.schema.KgSnapshot;
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

    KgSnapshot v0 = KgSnapshot.open(spark, out);
    assertEquals(0, r.version());
    assertEquals(0, v0.version());
    String dir = out;
    for (String ds : List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES, PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.REJECTS)) {
      var df = v0.table(ds);
      SchemaCheck.require(ds, df.schema(), PhenoKg.schemaOf(ds));
      assertEquals(r.manifest().datasets().get(ds).rows(), df.count(), ds);
    }
    assertEquals(19434, r.manifest().datasets().get(PhenoKg.PHENOTYPES).rows(), "HP classes incl. obsolete");
    assertEquals(23409, r.manifest().datasets().get(PhenoKg.EDGES).rows());
    assertTrue(Files.isDirectory(Path.of(dir, PhenoKg.PAIRS, "_delta_log")), "pairs is a Delta table");
    assertTrue(Files.readString(Path.of(dir, PhenoKg.MANIFEST)).contains("\"kg_version\" : 0"));
    assertTrue(Files.isDirectory(Path.of(dir, PhenoKg.PHENOTYPES, "system=cardiovascular")));

    // Pairs point at real figures and carry spans that cut the matched text out of the caption.
    var pairs = v0.table(PhenoKg.PAIRS).collectAsList();
    assertFalse(pairs.isEmpty());
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
    assertEquals(0, KgSnapshot.open(spark, out).version());

    // One new source: only it is parsed; the 49 unchanged ones are carried over row for row.
    Files.writeString(pmc.resolve("empty.nxml"), "");
    var grown = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    var g = grown.manifest().reconciliation();
    assertEquals(50, g.get("sources_read"));
    assertEquals(1, g.get("sources_parsed"));
    assertEquals(49, g.get("sources_reused"));
    assertEquals(48, g.get("articles_written"));
    assertEquals(2, g.get("sources_rejected"));
    assertEquals(g.get("sources_read"), g.get("articles_written") + g.get("sources_rejected"));
    assertEquals(193, g.get("figures_written"));
    assertEquals(pairs.size(), grown.manifest().datasets().get(PhenoKg.PAIRS).rows());
    assertEquals(1, grown.version());
    KgSnapshot v1 = KgSnapshot.open(spark, out);
    assertEquals(1, v1.version());
    assertEquals(v0.table(PhenoKg.PAIRS).select("pair_id", "span_start").orderBy("pair_id").collectAsList(),
        v1.table(PhenoKg.PAIRS).select("pair_id", "span_start").orderBy("pair_id").collectAsList());
    // Unchanged rows were merged, not rewritten: the ontology tables kept their Delta versions.
    assertEquals(v0.tableVersions().get(PhenoKg.PHENOTYPES), v1.tableVersions().get(PhenoKg.PHENOTYPES));
    assertEquals(v0.tableVersions().get(PhenoKg.PAIRS) + 1, v1.tableVersions().get(PhenoKg.PAIRS));

    // A retracted article (its source removed): its article, figure and pair rows are DELETEd.
    Path victim = firstArticleWithPairs(v1, pmc);
    String victimId = v1.table(PhenoKg.ARTICLES).filter(org.apache.spark.sql.functions.col("source").startsWith(victim.toString()))
        .first().getAs("article_id");
    long victimPairs = v1.table(PhenoKg.PAIRS).filter(org.apache.spark.sql.functions.col("article_id").equalTo(victimId)).count();
    long victimFigures = v1.table(PhenoKg.FIGURES).filter(org.apache.spark.sql.functions.col("article_id").equalTo(victimId)).count();
    assertTrue(victimPairs > 0);
    Files.delete(victim);
    var shrunk = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    var sr = shrunk.manifest().reconciliation();
    assertEquals(49, sr.get("sources_read"));
    assertEquals(0, sr.get("sources_parsed"));
    assertEquals(1, sr.get("sources_removed"));
    assertEquals(47, sr.get("articles_written"));
    assertEquals(sr.get("sources_read"), sr.get("articles_written") + sr.get("sources_rejected"));
    assertEquals(193 - victimFigures, sr.get("figures_written"));
    assertEquals(pairs.size() - victimPairs, shrunk.manifest().datasets().get(PhenoKg.PAIRS).rows());
    KgSnapshot v2 = KgSnapshot.open(spark, out);
    assertEquals(0, v2.table(PhenoKg.PAIRS).filter(org.apache.spark.sql.functions.col("article_id").equalTo(victimId)).count());

    // A build killed before its commit: the last version stays current and whole; the next build
    // restores the tables and commits the right rows.
    Files.writeString(pmc.resolve("late.nxml"), "<not-jats/>");
    KgBuild.beforeCommit = root -> { throw new IllegalStateException("killed"); };
    try {
      assertThrows(IllegalStateException.class, () -> new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false)));
    } finally {
      KgBuild.beforeCommit = root -> {};
    }
    KgSnapshot after = KgSnapshot.open(spark, out);
    assertEquals(2, after.version());
    assertEquals(v2.table(PhenoKg.REJECTS).count(), after.table(PhenoKg.REJECTS).count());
    var retried = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertEquals(3, retried.version());
    assertEquals(v2.table(PhenoKg.REJECTS).count() + 1, retried.manifest().datasets().get(PhenoKg.REJECTS).rows());

    // Time travel: version 0 reads as it was written.
    assertEquals(pairs.size(), KgSnapshot.open(spark, out, 0L).table(PhenoKg.PAIRS).count());
    assertThrows(IllegalArgumentException.class, () -> KgSnapshot.open(spark, out, 9L));
  }

  static Path firstArticleWithPairs(KgSnapshot kg, Path pmc) {
    var withPairs = kg.table(PhenoKg.PAIRS).select("article_id").distinct();
    String src = kg.table(PhenoKg.ARTICLES).join(withPairs, "article_id").orderBy("article_id").first().getAs("source");
    Path p = Path.of(src.split("!")[0]);
    assertTrue(p.startsWith(pmc), p.toString());
    return p;
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
