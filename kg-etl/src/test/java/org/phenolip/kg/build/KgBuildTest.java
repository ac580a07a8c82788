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
import org.phenolip.core.io.AtomicPublish;
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

    String dir = AtomicPublish.resolve(out);
    assertEquals(r.version(), dir);
    for (String ds : List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES, PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.REJECTS)) {
      var df = spark.read().parquet(dir + "/" + ds);
      SchemaCheck.require(ds, df.schema(), PhenoKg.schemaOf(ds));
      assertEquals(r.manifest().datasets().get(ds).rows(), df.count(), ds);
    }
    assertEquals(19434, r.manifest().datasets().get(PhenoKg.PHENOTYPES).rows(), "HP classes incl. obsolete");
    assertEquals(23409, r.manifest().datasets().get(PhenoKg.EDGES).rows());
    assertTrue(Files.isDirectory(Path.of(dir, PhenoKg.PAIRS)));
    assertTrue(Files.isDirectory(Path.of(dir, PhenoKg.PHENOTYPES, "system=cardiovascular")));

    // Pairs point at real figures and carry spans that cut the matched text out of the caption,
    // which only the figure row stores (a pair names the field: caption, or the title of a figure without one).
    var pairs = org.phenolip.core.schema.FigurePairs.withCaption(spark.read().parquet(dir + "/" + PhenoKg.PAIRS),
        spark.read().parquet(dir + "/" + PhenoKg.FIGURES)).collectAsList();
    assertFalse(pairs.isEmpty());
    assertFalse(java.util.Arrays.asList(spark.read().parquet(dir + "/" + PhenoKg.PAIRS).columns()).contains("image"));
    for (Row p : pairs) {
      String caption = p.getAs("caption");
      int s = p.getAs("span_start");
      int e = p.getAs("span_end");
      assertEquals(p.<String>getAs("matched_text"), caption.substring(s, e));
    }
    var rejects = spark.read().parquet(dir + "/" + PhenoKg.REJECTS).collectAsList();
    assertTrue(rejects.stream().anyMatch(x -> x.getString(0).endsWith("truncated.nxml")), rejects.toString());

    var again = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertTrue(again.upToDate());
    assertEquals(dir, AtomicPublish.resolve(out));

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
    String dir2 = AtomicPublish.resolve(out);
    assertNotEquals(dir, dir2);
    assertEquals(spark.read().parquet(dir + "/" + PhenoKg.PAIRS).select("pair_id", "span_start").orderBy("pair_id").collectAsList(),
        spark.read().parquet(dir2 + "/" + PhenoKg.PAIRS).select("pair_id", "span_start").orderBy("pair_id").collectAsList());
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
