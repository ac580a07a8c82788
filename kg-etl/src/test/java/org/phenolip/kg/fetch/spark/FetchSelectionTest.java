package org.phenolip.kg.fetch.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.kg.fetch.BucketServer;
import org.phenolip.kg.fetch.Licences;
import org.phenolip.kg.fetch.RetryPolicy;

/** Other ways to pick versions: an id list, OAI-PMH discovery since a date, and a dry run that fetches nothing. */
class FetchSelectionTest {
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.getOrCreate("fetch-selection-test", "local[2]", Map.of(
        "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog"));
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static FetchJob.Options options(String source, String out, String since, String oai, String ids, boolean dryRun) {
    return new FetchJob.Options(source, out, null, since, oai, Licences.DEFAULT, ids, 0, 2, 100, dryRun, false, Duration.ofSeconds(10),
        new RetryPolicy(3, 5, 50), 50);
  }

  @Test
  void idListOaiDiscoveryAndDryRun() throws Exception {
    try (BucketServer bucket = new BucketServer(FetchJobTest.DAY2)) {
      // --ids: the latest version of each listed PMCID, found by listing metadata/PMC<id>.
      Path ids = tmp.resolve("ids.txt");
      Files.writeString(ids, "# two ids\nPMC9000001\n9000013.1\n");
      String m1 = tmp.resolve("m-ids").toString();
      FetchJob.Result r = new FetchJob(spark).run(options(bucket.url(), m1, null, null, ids.toString(), false));
      assertEquals(Map.of("new", 2L), r.changes());
      assertEquals(Map.of("fetched", 1L, "skipped", 1L), r.outcomes());
      assertTrue(Files.exists(Path.of(m1, "PMC9000001.2", "PMC9000001.2.xml")));
      assertFalse(Files.exists(Path.of(m1, "PMC9000001.1")));
      assertTrue(bucket.requests.keySet().stream().noneMatch(k -> k.startsWith("inventory-reports/")), "no inventory needed");
      // an id list is not a complete listing: nothing is marked removed
      FetchJob.Result again = new FetchJob(spark).run(options(bucket.url(), m1, null, null, ids.toString(), false));
      assertTrue(again.changes().isEmpty());
      assertEquals(2, again.unchanged());

      // --since through OAI-PMH: names PMC9000002 and an id the bucket does not hold
      HttpServer oai = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
      oai.createContext("/oai/", ex -> {
        byte[] b = ("<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><ListIdentifiers>"
            + "<header><identifier>oai:pubmedcentral.nih.gov:9000002</identifier></header>"
            + "<header><identifier>oai:pubmedcentral.nih.gov:123</identifier></header></ListIdentifiers></OAI-PMH>").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
      });
      oai.start();
      try {
        String m2 = tmp.resolve("m-since").toString();
        String oaiUrl = "http://127.0.0.1:" + oai.getAddress().getPort() + "/oai/";
        FetchJob.Result s = new FetchJob(spark).run(options(bucket.url(), m2, "2026-11-27", oaiUrl, null, false));
        assertEquals(Map.of("fetched", 1L), s.outcomes());
        assertTrue(Files.exists(Path.of(m2, "PMC9000002.1", "PMC9000002.1.json")));

        // --dry-run: the plan, and no article request, no mirror, no log
        bucket.reset();
        String m3 = tmp.resolve("m-dry").toString();
        FetchJob.Result d = new FetchJob(spark).run(new FetchJob.Options(bucket.url(), m3, "latest", null, null, Licences.DEFAULT, null, 0, 2,
            100, true, false, Duration.ofSeconds(10), RetryPolicy.DEFAULT, 50));
        assertTrue(d.dryRun());
        assertEquals(Map.of("new", 13L), d.changes());
        assertTrue(bucket.requests.keySet().stream().allMatch(k -> k.startsWith("inventory-reports/") || k.startsWith("?list")));
        assertFalse(Files.exists(Path.of(m3)));
      } finally {
        oai.stop(0);
      }
    }
  }
}
