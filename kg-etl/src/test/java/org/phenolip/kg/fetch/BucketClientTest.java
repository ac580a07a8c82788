package org.phenolip.kg.fetch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The polite HTTP client against the miniature bucket on a misbehaving local server. */
class BucketClientTest {
  static final Path BUCKET = Path.of("../data/sample/pmc-cloud");
  static final String XML = "PMC9000007.1/PMC9000007.1.xml";
  BucketServer server;

  @BeforeEach
  void start() throws Exception {
    server = new BucketServer(BUCKET.toAbsolutePath().normalize());
    server.slowMillis = 4000;
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  BucketClient client(int attempts, int concurrency, double rps, FetchStats stats) {
    return new BucketClient(new HttpObjectStore(java.net.URI.create(server.url()), Duration.ofMillis(1500)), concurrency, rps,
        new RetryPolicy(attempts, 5, 50), stats);
  }

  static String md5(String key) throws Exception {
    return Md5.hex(Files.readAllBytes(BUCKET.resolve(key)));
  }

  @ParameterizedTest
  @EnumSource(value = BucketServer.Fault.class, names = {"TOO_MANY", "UNAVAILABLE", "SLOW", "TRUNCATE", "WRONG_BYTES", "RESET"})
  void oneFaultIsRetriedAndTheBytesAreRight(BucketServer.Fault fault) throws Exception {
    server.fault(XML, fault);
    FetchStats stats = new FetchStats();
    byte[] b = client(3, 2, 0, stats).get(XML, md5(XML));
    assertArrayEquals(Files.readAllBytes(BUCKET.resolve(XML)), b);
    if (fault == BucketServer.Fault.RESET) {
      // the JDK client itself resends an idempotent GET once when the connection dies before any
      // response byte, so a single reset may cost no retry of ours
      assertTrue(server.requests(XML) == 2 && stats.retries() <= 1, server.requests(XML) + " requests");
    } else {
      assertEquals(2, server.requests(XML), "one failed attempt, one good");
      assertEquals(1, stats.retries());
    }
  }

  @Test
  void persistentFailuresGiveUpAfterTheBoundWithTheirReason() throws Exception {
    record Case(BucketServer.Fault fault, String reason) {}
    for (Case c : List.of(new Case(BucketServer.Fault.UNAVAILABLE, "http-503"), new Case(BucketServer.Fault.TOO_MANY, "http-429"),
        new Case(BucketServer.Fault.WRONG_BYTES, "md5-mismatch"), new Case(BucketServer.Fault.RESET, "connection-reset"))) {
      server.reset();
      server.always(XML, c.fault());
      FetchException e = assertThrows(FetchException.class, () -> client(4, 1, 0, new FetchStats()).get(XML, md5(XML)));
      assertEquals(c.reason(), e.reason(), e.getMessage());
      int n = server.requests(XML);
      if (c.fault() == BucketServer.Fault.RESET) assertTrue(n >= 4 && n <= 8, "4 attempts, each resent at most once by the JDK: " + n);
      else assertEquals(4, n, "exactly the bound: " + c);
    }
    FetchException missing = assertThrows(FetchException.class, () -> client(4, 1, 0, new FetchStats()).get("PMC1.1/nothing.xml", null));
    assertEquals("not-found", missing.reason());
    assertEquals(1, server.requests("PMC1.1/nothing.xml"), "a 404 is not retried");
  }

  @Test
  void concurrencyAndRateStayWithinTheirBounds() throws Exception {
    server.latencyMillis = 30;
    List<String> keys = new ArrayList<>();
    for (String v : List.of("PMC9000007.1", "PMC9000008.1")) {
      try (var s = Files.list(BUCKET.resolve(v))) {
        s.map(p -> v + "/" + p.getFileName()).sorted().forEach(keys::add);
      }
    }
    double rps = 40;
    BucketClient c = client(1, 3, rps, new FetchStats());
    ExecutorService pool = Executors.newFixedThreadPool(12);
    List<Future<byte[]>> fs = new ArrayList<>();
    for (String k : keys) fs.add(pool.submit(() -> c.get(k, null)));
    for (Future<byte[]> f : fs) assertTrue(f.get().length > 0);
    pool.shutdown();
    assertTrue(keys.size() >= 30, "enough requests to measure: " + keys.size());
    assertTrue(server.maxInFlight.get() <= 3, "in flight " + server.maxInFlight.get());
    assertTrue(server.maxInFlight.get() >= 2, "the bound is reached, so the check means something");
    List<Long> t = new ArrayList<>(server.starts);
    t.sort(null);
    // any 250 ms window holds at most rate*0.25 + 1 starts (+1 for scheduling jitter at the server)
    for (int i = 0; i < t.size(); i++) {
      int n = 0;
      for (int j = i; j < t.size() && t.get(j) - t.get(i) < 250_000_000L; j++) n++;
      assertTrue(n <= rps * 0.25 + 2, "window from request " + i + " holds " + n);
    }
    double seconds = (t.get(t.size() - 1) - t.get(0)) / 1e9;
    assertTrue(seconds >= (keys.size() - 1) / rps * 0.9, "spread over " + seconds + " s");
  }

  @Test
  void listsEveryPageAndReadsTheInventoryBySchema() throws Exception {
    server.pageSize = 3;
    BucketClient c = client(2, 2, 0, new FetchStats());
    List<ObjectStore.Listed> meta = c.listAll("metadata/");
    assertEquals(14, meta.size());
    assertTrue(server.requests("?list metadata/") >= 5, "pages of 3");
    for (ObjectStore.Listed l : meta) assertEquals(md5(l.key()), l.etag());
    assertEquals(List.of("PMC9000001.1/", "PMC9000001.2/"), c.listLevel("PMC9000001.").commonPrefixes());

    Inventory.Report latest = Inventory.load(c, "latest");
    assertEquals("2026-11-28T01-00Z", latest.id());
    assertEquals(14, latest.entries().size());
    for (Inventory.Entry e : latest.entries()) assertEquals(md5(e.key()), e.etag(), e.key());
    Inventory.Report day1 = Inventory.load(c, "2026-11-27");
    assertTrue(day1.entries().stream().anyMatch(e -> e.key().equals("metadata/PMC9000012.1.json")));
    assertNotEquals(etag(day1, "metadata/PMC9000002.1.json"), etag(latest, "metadata/PMC9000002.1.json"));
    var ex = assertThrows(java.io.IOException.class, () -> Inventory.load(c, "2020-01-01"));
    assertTrue(ex.getMessage().contains("available"), ex.getMessage());
  }

  static String etag(Inventory.Report r, String key) {
    return r.entries().stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow().etag();
  }

  @Test
  void csvFollowsTheSchemaNotThePosition() throws Exception {
    byte[] csv = "\"metadata/PMC1.1.json\",\"abc\"\"d\",\"pmc-oa-opendata\"\r\n\"metadata/PMC2.1.json\",\"e\",\"b\"\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    List<List<String>> rows = Inventory.csv(csv);
    assertEquals(List.of(List.of("metadata/PMC1.1.json", "abc\"d", "pmc-oa-opendata"), List.of("metadata/PMC2.1.json", "e", "b")), rows);
    assertThrows(java.io.IOException.class, () -> Inventory.csv("\"open".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
