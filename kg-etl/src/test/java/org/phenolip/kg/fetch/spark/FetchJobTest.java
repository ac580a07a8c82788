package org.phenolip.kg.fetch.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.kg.KgTables;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.build.KgBuild;
import org.phenolip.kg.fetch.BucketServer;
import org.phenolip.kg.fetch.Licences;
import org.phenolip.kg.fetch.LogState;
import org.phenolip.kg.fetch.Md5;
import org.phenolip.kg.fetch.RetryPolicy;
import org.phenolip.kg.fetch.sample.CloudSampleBucket;

/** kg fetch on Spark local[2]: day 1 then day 2 of the miniature bucket, the fetch log's diff, then kg build on the mirror. */
class FetchJobTest {
  static final Path DAY2 = Path.of("../data/sample/pmc-cloud").toAbsolutePath().normalize();
  static final Path HPO = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("fetch-test", "local[2]", Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static FetchJob.Options options(String source, String out) {
    return new FetchJob.Options(source, out, "latest", null, null, Licences.DEFAULT, null, 0, 4, 200, false, false,
        Duration.ofSeconds(10), new RetryPolicy(4, 5, 100), 3);
  }

  static Path day1() throws Exception {
    Path d = tmp.resolve("bucket-day1");
    if (!Files.exists(d)) CloudSampleBucket.write(Path.of("../data/sample/pmc-oa"), d, false);
    return d;
  }

  static Map<String, String> status(String mirror) {
    Map<String, String> m = new TreeMap<>();
    for (LogState s : FetchLog.latest(spark, mirror).values()) m.put(s.pmcid() + "." + s.version(), s.status() + (s.reason() == null ? "" : ":" + s.reason()));
    return m;
  }

  @Test
  void noMoreTasksThanTheRateBoundAllows() {
    assertEquals(16, FetchJob.tasks(16, 100, 40));
    assertEquals(5, FetchJob.tasks(16, 100, 5), "each task keeps at least one request a second");
    assertEquals(1, FetchJob.tasks(16, 100, 0.5));
    assertEquals(3, FetchJob.tasks(16, 3, 1e9), "no idle tasks");
    assertEquals(1, FetchJob.tasks(4, 0, 20));
  }

  @Test
  void dayOneThenDayTwoFetchesOnlyTheDiffAndTheBuildDropsWhatWentAway() throws Exception {
    String mirror = tmp.resolve("mirror").toString();
    try (BucketServer server = new BucketServer(day1())) {
      server.fault("PMC9000005.1/PMC9000005-g002.jpg", BucketServer.Fault.UNAVAILABLE, BucketServer.Fault.RESET);
      server.fault("metadata/PMC9000006.1.json", BucketServer.Fault.TOO_MANY);
      FetchJob.Result r1 = new FetchJob(spark).run(options(server.url(), mirror));
      assertEquals(Map.of("new", 14L), r1.changes());
      assertEquals(Map.of("fetched", 12L, "skipped", 2L), r1.outcomes());
      assertTrue(r1.failures().isEmpty());
      assertTrue(r1.retries() >= 2, "the 503 and the 429 were retried: " + r1.retries());
      assertEquals(0, server.requests("PMC9000003.1/PMC9000003-s001.csv"), "supplementary data is not fetched");

      // the KG of day 1: every fetched version is an article
      var day1 = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(Path.of(mirror)), tmp.resolve("kg").toString(), false, false));
      assertEquals(12, day1.manifest().reconciliation().get("articles_written"));

      // day 2: one new version, one changed JSON, one retracted, one removed
      server.root(DAY2);
      server.reset();
      FetchJob.Result r2 = new FetchJob(spark).run(options(server.url(), mirror));
      assertEquals(Map.of("new", 1L, "changed", 2L, "removed", 1L, "superseded", 1L), r2.changes());
      assertEquals(10, r2.unchanged(), "8 untouched versions and the 2 skipped ones");
      assertEquals(Map.of("fetched", 2L, "retracted", 1L, "removed", 1L, "superseded", 1L), r2.outcomes());
      assertEquals(1, server.requests("metadata/PMC9000002.1.json"), "the changed JSON, once");
      assertEquals(0, server.requests("PMC9000002.1/PMC9000002.1.xml"), "its XML and images are unchanged: not requested");
      assertEquals(0, server.requests("metadata/PMC9000003.1.json"), "unchanged versions cost nothing");
      assertEquals(0, server.requests("PMC9000011.1/PMC9000011.1.xml"), "retracted: not fetched");
      // the only article objects requested: 3 JSONs, and the new version's XML and one image per graphic (figure 3 has two)
      long articleRequests = server.requests.entrySet().stream()
          .filter(e -> !e.getKey().startsWith("inventory-reports/") && !e.getKey().startsWith("?list")).mapToLong(e -> e.getValue().get()).sum();
      String xml = Files.readString(DAY2.resolve("PMC9000001.2/PMC9000001.2.xml"));
      assertEquals(3 + 1 + xml.split("<graphic[ >]", -1).length - 1, articleRequests);
    }
    Map<String, String> st = status(mirror);
    assertEquals("superseded:newer version PMC9000001.2", st.get("PMC9000001.1"));
    assertEquals("fetched", st.get("PMC9000001.2"));
    assertEquals("retracted", st.get("PMC9000011.1"));
    assertEquals("removed:not in the inventory", st.get("PMC9000012.1"));
    assertEquals("skipped:licence", st.get("PMC9000013.1"));
    assertEquals("skipped:not-open-access", st.get("PMC9000014.1"));
    // the log's latest row of a version holds every fetched file's checksum, matching the mirror
    for (Row r : spark.read().format("delta").load(FetchLog.path(mirror)).where("status = 'fetched' and key = 'metadata/PMC9000002.1.json'")
        .orderBy(org.apache.spark.sql.functions.desc("seq")).limit(1).select("files").collectAsList()) {
      for (Row f : r.<Row>getList(0)) {
        assertEquals(f.getString(1), Md5.hex(Files.readAllBytes(Path.of(mirror, "PMC9000002.1", f.getString(0)))));
      }
    }

    // a third run finds nothing to do and sends no article request
    try (BucketServer server = new BucketServer(DAY2)) {
      FetchJob.Result r3 = new FetchJob(spark).run(options(server.url(), mirror));
      assertTrue(r3.changes().isEmpty(), r3.changes().toString());
      assertEquals(13, r3.unchanged(), "13 PMCIDs, each at its latest version");
      assertTrue(server.requests.keySet().stream().allMatch(k -> k.startsWith("inventory-reports/") || k.startsWith("?list")),
          server.requests.keySet().toString());
    }

    // kg build reads the mirror: latest versions only, retracted/removed/superseded left out and counted;
    // on the day-1 KG it MERGEs the changes: the rows of the 3 versions gone are deleted, the changed and new parsed
    String kg = tmp.resolve("kg").toString();
    var b = new KgBuild(spark).run(new KgBuild.Options(HPO, List.of(Path.of(mirror)), kg, false, false));
    var rec = b.manifest().reconciliation();
    assertEquals(1, b.kgVersion());
    assertEquals(10, rec.get("articles_written"));
    assertEquals(3, rec.get("sources_dropped"), "PMC9000001.1 (superseded), PMC9000011.1 (retracted), PMC9000012.1 (removed): " + rec);
    assertTrue(rec.get("sources_reused") >= 7, "unchanged versions are not parsed again: " + rec);
    assertEquals(10, rec.get("sources_reused") + rec.get("sources_parsed"));
    for (String gone : List.of("PMC9000011", "PMC9000012")) {
      assertEquals(0, KgTables.open(spark, kg).table(PhenoKg.ARTICLES).where(col("article_id").equalTo(gone)).count(), gone);
      assertEquals(0, KgTables.open(spark, kg).table(PhenoKg.FIGURES).where(col("article_id").equalTo(gone)).count(), gone);
      assertEquals(1, KgTables.open(spark, kg, "0").table(PhenoKg.ARTICLES).where(col("article_id").equalTo(gone)).count(),
          gone + " is still in KG version 0");
    }
    assertTrue(io.delta.tables.DeltaTable.forPath(spark, kg + "/" + PhenoKg.FIGURES).history().where("operation = 'MERGE'").count() > 0);
    assertEquals(1, rec.get("mirror_versions_retracted"));
    assertEquals(1, rec.get("mirror_versions_removed"));
    assertEquals(1, rec.get("mirror_versions_superseded"));
    Row a = KgTables.open(spark, kg).table(PhenoKg.ARTICLES).where("article_id = 'PMC9000001'").first();
    assertEquals(2, a.getInt(a.fieldIndex("version")));
    assertEquals("CC BY", a.getString(a.fieldIndex("license")));
    assertFalse(a.getBoolean(a.fieldIndex("is_retracted")));
    long withImage = KgTables.open(spark, kg).table(PhenoKg.FIGURES).where("image is not null").count();
    long figures = b.manifest().datasets().get(PhenoKg.FIGURES).rows();
    assertEquals(figures, withImage, "every figure got its image from the mirror");
  }

  @Test
  void aFileSourceGivesTheSameMirror() throws Exception {
    String viaFile = tmp.resolve("mirror-file").toString();
    FetchJob.Result r = new FetchJob(spark).run(options(DAY2.toUri().toString(), viaFile));
    assertEquals(Map.of("fetched", 10L, "retracted", 1L, "skipped", 2L), r.outcomes());
    // PMC9000001.2 only (the latest), the .txt and the supplementary CSV never
    assertFalse(Files.exists(Path.of(viaFile, "PMC9000001.1")));
    assertFalse(Files.exists(Path.of(viaFile, "PMC9000003.1", "PMC9000003-s001.csv")));
    assertFalse(Files.exists(Path.of(viaFile, "PMC9000003.1", "PMC9000003.1.txt")));
    try (Stream<Path> s = Files.walk(Path.of(viaFile, "PMC9000003.1"))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        assertArrayEquals(Files.readAllBytes(DAY2.resolve("PMC9000003.1").resolve(p.getFileName())), Files.readAllBytes(p));
      }
    }
  }
}
