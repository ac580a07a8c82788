package org.phenolip.core.kg;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;

/**
 * The layouts {@link KgTables} reads besides Delta (kg-etl's KgBuildTest and KgSqlExportTest read
 * Delta KGs that kg build wrote): a plain folder, a published Parquet KG, and the folder a killed
 * first Delta build leaves.
 */
class KgTablesTest {
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("kg-tables-test", 1);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static void pairs(String dir, int n) {
    spark.range(n).selectExpr("concat('p', id) AS pair_id").write().parquet(dir + "/" + PhenoKg.PAIRS);
  }

  @Test
  void aPlainFolderIsOneCurrentVersion() throws Exception {
    String dir = tmp.resolve("plain").toString();
    pairs(dir, 3);
    // what build-bench registers beside a KG is not a table
    Files.createDirectories(Path.of(dir, "benchmarks"));
    Files.writeString(Path.of(dir, "benchmarks", "c73f8d1ec877c408.json"), "{}");
    KgTables t = KgTables.open(spark, dir);
    assertEquals(List.of(PhenoKg.PAIRS), t.names());
    assertEquals(3, t.dataset(PhenoKg.PAIRS).count());
    assertTrue(t.version().current());
    assertFalse(t.has(PhenoKg.PHENOTYPES));
    var e = assertThrows(IllegalArgumentException.class, () -> t.dataset(PhenoKg.PHENOTYPES));
    assertTrue(e.getMessage().contains("has no table 'phenotypes'"), e.getMessage());
  }

  @Test
  void aPublishedParquetKgReadsItsCurrentVersionAndTheOneBefore() throws Exception {
    AtomicPublish pub = AtomicPublish.local(tmp.resolve("published").toString());
    var v1 = pub.newVersion();
    pairs(v1.toString(), 2);
    Files.writeString(Path.of(v1.toUri().getPath()).resolve(PhenoKg.MANIFEST), "{\"created\":\"2026-01-01T00:00:00Z\"}");
    pub.commit(v1);
    var v2 = pub.newVersion();
    pairs(v2.toString(), 5);
    Files.writeString(Path.of(v2.toUri().getPath()).resolve(PhenoKg.MANIFEST), "{\"created\":\"2026-01-02T00:00:00Z\"}");
    pub.commit(v2);
    String root = tmp.resolve("published").toString();
    assertEquals(5, KgTables.open(spark, root).dataset(PhenoKg.PAIRS).count());
    assertEquals(2, KgTables.open(spark, root, "0").dataset(PhenoKg.PAIRS).count());
    assertEquals(v2.getName(), KgTables.open(spark, root).provenance(root).get("version"));
  }

  @Test
  void tablesOfAFirstBuildThatNeverCommittedAreNotRead() throws Exception {
    String dir = tmp.resolve("killed").toString();
    pairs(dir, 4);
    Files.createDirectories(Path.of(dir, PhenoKg.PAIRS, "_delta_log")); // Delta wrote, no KG commit followed
    var e = assertThrows(IllegalArgumentException.class, () -> KgTables.open(spark, dir));
    assertTrue(e.getMessage().contains("no KG commit"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  /** Opening a version reads its own commit only: a damaged old commit stops nothing but what reads it. */
  @Test
  void openingADeltaKgReadsOnlyTheCommitOfTheVersionItOpens() throws Exception {
    String dir = tmp.resolve("lazy").toString();
    KgCommitLog log = new KgCommitLog(Storage.local(), dir);
    for (long v : List.of(0L, 1L, 2L)) {
      var m = org.phenolip.core.io.Json.MAPPER.createObjectNode().put(KgCommitLog.KG_VERSION, v).put("created", "2026-12-0" + (v + 1));
      m.putObject(KgCommitLog.TABLE_VERSIONS).put(PhenoKg.PAIRS, 10 + v);
      m.putObject("datasets").putObject(PhenoKg.PAIRS).put("rows", 100 + v);
      log.commit(v, m);
    }
    Files.writeString(Path.of(KgCommitLog.file(dir, 0)), "{ damaged");
    KgTables t = KgTables.open(spark, dir);
    assertEquals("v2", t.version().name());
    assertEquals(List.of(PhenoKg.PAIRS), t.names());
    assertEquals("2026-12-03", t.version().created());
    assertEquals(3, t.versions().size(), "the listing names every version");
    assertEquals("v1", KgTables.open(spark, dir, "1").version().name());
    var e = assertThrows(RuntimeException.class, () -> KgTables.open(spark, dir, "0"));
    assertTrue(e.getMessage().contains("PhenoKG version v0"), e.getMessage());
    var h = assertThrows(RuntimeException.class, t::history);
    assertTrue(h.getMessage().contains("PhenoKG version v0"), h.getMessage());
  }

  @Test
  void theCommitLogListsVersionsInOrderAndRefusesToRewriteOne() throws Exception {
    String dir = tmp.resolve("log").toString();
    KgCommitLog log = new KgCommitLog(Storage.local(), dir);
    assertNull(log.latest());
    for (long v : List.of(0L, 1L, 2L)) {
      var m = org.phenolip.core.io.Json.MAPPER.createObjectNode().put(KgCommitLog.KG_VERSION, v);
      m.putObject(KgCommitLog.TABLE_VERSIONS).put(PhenoKg.PAIRS, 10 + v);
      log.commit(v, m);
    }
    assertEquals(List.of(0L, 1L, 2L), log.versions());
    assertEquals(11L, KgCommitLog.tableVersions(log.read(1)).get(PhenoKg.PAIRS));
    assertEquals(log.read(2), org.phenolip.core.io.Json.MAPPER.readTree(Files.readString(Path.of(dir, PhenoKg.MANIFEST))));
    assertThrows(java.io.IOException.class, () -> log.commit(1, org.phenolip.core.io.Json.MAPPER.createObjectNode()));
  }
}
