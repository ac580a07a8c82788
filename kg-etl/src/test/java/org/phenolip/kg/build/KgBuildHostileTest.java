package org.phenolip.kg.build;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.hostile.HostilePmc;
import org.phenolip.core.kg.KgCommitLog;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.io.PublishLock;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/** kg build over the hostile corpus mixed with good articles, and two builds on one KG. */
class KgBuildHostileTest {
  static SparkSession spark;
  static final Path HPO = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("kg-build-hostile-test", 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyHostileInputIsARejectWithItsReasonAndTheRestIsPublished() throws Exception {
    List<Path> jpgs;
    try (Stream<Path> s = Files.walk(Path.of("../data/images/isic_9class/train_subset/nevus"))) {
      jpgs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
    }
    Path pmc = tmp.resolve("pmc");
    List<HostilePmc.Case> cases = HostilePmc.write(pmc, jpgs, HostilePmc.QUICK);
    String out = tmp.resolve("kg").toString();
    var r = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    KgTables kg = KgTables.open(spark, out);
    var rec = r.manifest().reconciliation();
    assertEquals((long) cases.size(), rec.get("sources_read"));
    assertEquals(rec.get("sources_read"), rec.get("articles_written") + rec.get("sources_rejected"));
    assertEquals(rec.get("figures_parsed"), rec.get("figures_written_parsed") + rec.get("figures_dropped"));

    Map<String, Long> byReason = new HashMap<>();
    for (Row row : kg.table(PhenoKg.REJECTS).groupBy("reason").count().collectAsList()) {
      byReason.put(row.getString(0), row.getLong(1));
    }
    assertEquals(HostilePmc.expectedReasons(cases), byReason.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    for (var e : HostilePmc.expectedReasons(cases).entrySet()) {
      assertEquals(e.getValue(), rec.get("rejects." + e.getKey()), "manifest count of " + e.getKey());
    }
    // every good figure is there with its image; every bad one has no image (or no row)
    Map<String, Boolean> hasImage = new HashMap<>();
    for (Row row : kg.table(PhenoKg.FIGURES).selectExpr("figure_id", "image is not null")
        .collectAsList()) {
      hasImage.put(row.getString(0), row.getBoolean(1));
    }
    for (String good : HostilePmc.goodFigures(cases)) assertEquals(Boolean.TRUE, hasImage.get(good), good);
    for (HostilePmc.Case c : cases) {
      if (c.badFigureId() != null) assertNotEquals(Boolean.TRUE, hasImage.get(c.badFigureId()), c.name());
    }
    Set<String> paired = kg.table(PhenoKg.PAIRS).select("figure_id").distinct()
        .collectAsList().stream().map(x -> x.getString(0)).collect(Collectors.toSet());
    for (String good : HostilePmc.goodFigures(cases)) assertTrue(paired.contains(good), "linked: " + good);
  }

  @Test
  void aSecondBuildOnALockedKgStopsWithOneLineAndWritesNothing() throws Exception {
    Path pmc = Files.createDirectories(tmp.resolve("pmc-small"));
    Files.copy(Path.of("../data/sample/pmc-oa/PMC9000007.tar.gz"), pmc.resolve("PMC9000007.tar.gz"));
    String out = tmp.resolve("kg-locked").toString();
    try (PublishLock held = PublishLock.acquire(out, new Configuration(), "kg build")) {
      var e = assertThrows(PublishLock.HeldException.class,
          () -> new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false)));
      assertEquals(1, e.getMessage().lines().count(), e.getMessage());
      assertTrue(e.getMessage().startsWith("another kg build is writing " + out), e.getMessage());
      assertFalse(Files.exists(Path.of(out, KgCommitLog.DIR)), "nothing half-written");
      assertFalse(Files.exists(Path.of(out, PhenoKg.PAIRS)));
    }
    // released: the next build runs
    var r = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(pmc), out, false, false));
    assertFalse(r.upToDate());
    assertFalse(Files.exists(Path.of(out, PublishLock.LOCK)), "released after the build");
  }
}
