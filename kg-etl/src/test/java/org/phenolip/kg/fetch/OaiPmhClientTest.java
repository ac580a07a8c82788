package org.phenolip.kg.fetch;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAI-PMH ListIdentifiers against a mock: resumption tokens, deleted records, errors, 3 requests/s one at a time. */
class OaiPmhClientTest {
  HttpServer server;
  final List<Long> starts = Collections.synchronizedList(new ArrayList<>());
  final List<String> queries = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger inFlight = new AtomicInteger(), maxInFlight = new AtomicInteger();
  volatile boolean errorPage, throttleOnce;

  static String page(String ids, String token) {
    return "<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><responseDate>2026-11-29T00:00:00Z</responseDate>"
        + "<request verb=\"ListIdentifiers\">https://pmc.ncbi.nlm.nih.gov/api/oai/v1/mh/</request><ListIdentifiers>" + ids
        + (token == null ? "" : "<resumptionToken>" + token + "</resumptionToken>") + "</ListIdentifiers></OAI-PMH>";
  }

  static String header(String id, boolean deleted) {
    return "<header" + (deleted ? " status=\"deleted\"" : "") + "><identifier>oai:pubmedcentral.nih.gov:" + id
        + "</identifier><datestamp>2026-11-28</datestamp><setSpec>pmc-open</setSpec></header>";
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
    server.createContext("/api/oai/v1/mh/", ex -> {
      int n = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(n, Math::max);
      starts.add(System.nanoTime());
      String q = ex.getRequestURI().getRawQuery();
      queries.add(q);
      String body;
      int code = 200;
      if (throttleOnce) {
        throttleOnce = false;
        code = 429;
        body = "slow down";
      } else if (errorPage) {
        code = 200;
        body = "<!DOCTYPE html><html><body><h1>Service temporarily unavailable</h1></body></html>";
      } else if (q.contains("resumptionToken=t2")) {
        body = page(header("9000003", false) + header("9000099", true), "");
      } else if (q.contains("resumptionToken=t1")) {
        body = page(header("9000002", false), "t2");
      } else if (q.contains("resumptionToken=")) {
        body = "<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error code=\"badResumptionToken\">"
            + "The token is expired</error></OAI-PMH>";
      } else if (q.contains("from=2030-01-01")) {
        body = "<?xml version=\"1.0\"?><OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error code=\"noRecordsMatch\">none</error></OAI-PMH>";
      } else {
        body = page(header("9000001", false) + header("9000011", false), "t1");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(code, b.length);
      ex.getResponseBody().write(b);
      ex.close();
      inFlight.decrementAndGet();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  OaiPmhClient client() {
    return new OaiPmhClient("http://127.0.0.1:" + server.getAddress().getPort() + "/api/oai/v1/mh/", 100, new RetryPolicy(3, 5, 50),
        Duration.ofSeconds(5));
  }

  @Test
  void followsResumptionTokensAtThreeRequestsASecondOneAtATime() throws Exception {
    throttleOnce = true;
    OaiPmhClient c = client();
    Set<String> ids = c.listIdentifiers("2026-11-27", "pmc-open");
    assertEquals(List.of("PMC9000001", "PMC9000011", "PMC9000002", "PMC9000003"), List.copyOf(ids), "deleted record left out");
    assertEquals(4, c.requests(), "one 429 retried, then three pages");
    assertTrue(queries.get(1).contains("metadataPrefix=pmc") && queries.get(1).contains("set=pmc-open") && queries.get(1).contains("from=2026-11-27"));
    assertEquals(1, maxInFlight.get());
    for (int i = 1; i < starts.size(); i++) {
      assertTrue(starts.get(i) - starts.get(i - 1) >= 300_000_000L, "requests at most 3 a second, asked 100: gap " + i);
    }
  }

  @Test
  void errorsAreClearAndNoRecordsIsEmpty() throws Exception {
    assertEquals(Set.of(), client().listIdentifiers("2030-01-01", "pmc-open"));
    IOException bad = assertThrows(IOException.class, () -> OaiPmhClient.parse(("<?xml version=\"1.0\"?><OAI-PMH><error code=\"badResumptionToken\">"
        + "expired</error></OAI-PMH>").getBytes(StandardCharsets.UTF_8)));
    assertTrue(bad.getMessage().contains("badResumptionToken"), bad.getMessage());
    errorPage = true;
    IOException html = assertThrows(IOException.class, () -> client().listIdentifiers("2026-11-27", "pmc-open"));
    assertTrue(html.getMessage().contains("not an OAI-PMH document") || html.getMessage().contains("not XML"), html.getMessage());
  }
}
