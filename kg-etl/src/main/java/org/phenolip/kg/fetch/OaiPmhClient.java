package org.phenolip.kg.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * PMC's OAI-PMH 2.0 service ({@code https://pmc.ncbi.nlm.nih.gov/api/oai/v1/mh/}) as a discovery
 * source for {@code --since}: {@code ListIdentifiers} of set {@code pmc-open} from a date, following
 * resumption tokens. NCBI's rule is at most 3 requests a second and never two at once: requests are
 * serialised and spaced by a {@link RateLimiter}. It returns JATS without images, so it only names
 * the PMCIDs whose versions are then listed and fetched from the bucket.
 */
public final class OaiPmhClient {
  public static final String DEFAULT_BASE = "https://pmc.ncbi.nlm.nih.gov/api/oai/v1/mh/";
  public static final double MAX_RPS = 3.0;

  private final URI base;
  private final HttpClient http;
  private final RateLimiter limiter;
  private final RetryPolicy retry;
  private final Duration timeout;
  private long requests;

  public OaiPmhClient(String base, double rps, RetryPolicy retry, Duration timeout) {
    this.base = URI.create(base);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(timeout).build();
    this.limiter = new RateLimiter(Math.min(MAX_RPS, rps));
    this.retry = retry;
    this.timeout = timeout;
  }

  public long requests() { return requests; }

  /** PMCIDs ({@code PMC123}) changed since {@code from} (YYYY-MM-DD) in {@code set}, all pages. */
  public synchronized Set<String> listIdentifiers(String from, String set) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    String token = null;
    do {
      String q = token != null ? "verb=ListIdentifiers&resumptionToken=" + HttpObjectStore.enc(token)
          : "verb=ListIdentifiers&metadataPrefix=pmc" + (from != null ? "&from=" + HttpObjectStore.enc(from) : "")
              + (set != null ? "&set=" + HttpObjectStore.enc(set) : "");
      Page p = parse(request(q));
      out.addAll(p.ids());
      token = p.token();
    } while (token != null);
    return out;
  }

  record Page(List<String> ids, String token) {}

  private byte[] request(String query) throws IOException {
    String sep = base.toString().contains("?") ? "&" : "?";
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + sep + query)).timeout(timeout).GET()
        .header("Accept-Encoding", "gzip, deflate").header("User-Agent", "phenolip-kg-fetch/0.1").build();
    for (int attempt = 0; ; attempt++) {
      FetchException failure;
      try {
        limiter.acquire();
        requests++;
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) return decode(r.body(), r.headers().firstValue("Content-Encoding").orElse(""));
        boolean again = r.statusCode() == 429 || r.statusCode() >= 500;
        long after = r.headers().firstValue("Retry-After").map(v -> {
          try { return Long.parseLong(v.strip()) * 1000; } catch (NumberFormatException e) { return -1L; }
        }).orElse(-1L);
        failure = new FetchException("http-" + r.statusCode(), "OAI-PMH " + query + ": HTTP " + r.statusCode(), again, after);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      } catch (IOException e) {
        failure = FetchException.of(e);
      }
      if (!failure.retryable() || attempt + 1 >= retry.maxAttempts()) throw failure;
      try {
        Thread.sleep(retry.delayMillis(attempt, failure.retryAfterMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted");
      }
    }
  }

  private static byte[] decode(byte[] body, String encoding) throws IOException {
    String e = encoding.strip().toLowerCase(java.util.Locale.ROOT);
    if (e.isEmpty() || e.equals("identity")) return body;
    try (InputStream in = e.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
        : new InflaterInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }

  /**
   * One OAI-PMH answer: identifiers ({@code oai:pubmedcentral.nih.gov:123} → PMC123, deleted headers
   * skipped), the resumption token, {@code noRecordsMatch} as an empty page, other errors thrown.
   */
  static Page parse(byte[] xml) throws IOException {
    List<String> ids = new ArrayList<>();
    String token = null, error = null, errorCode = null;
    boolean root = true, deleted = false;
    try {
      XMLStreamReader r = SafeXml.factory().createXMLStreamReader(new ByteArrayInputStream(xml));
      while (r.hasNext()) {
        int ev = r.next();
        if (ev != XMLStreamConstants.START_ELEMENT) continue;
        String n = r.getLocalName();
        if (root) {
          root = false;
          if (!n.equals("OAI-PMH")) throw new IOException("OAI-PMH endpoint answered <" + n + ">, not an OAI-PMH document");
        }
        switch (n) {
          case "header" -> deleted = "deleted".equals(r.getAttributeValue(null, "status"));
          case "identifier" -> {
            String id = r.getElementText().strip();
            int colon = id.lastIndexOf(':');
            String num = colon >= 0 ? id.substring(colon + 1) : id;
            if (!deleted && num.matches("(PMC)?\\d+")) ids.add(num.startsWith("PMC") ? num : "PMC" + num);
          }
          case "resumptionToken" -> {
            String t = r.getElementText().strip();
            token = t.isEmpty() ? null : t;
          }
          case "error" -> {
            errorCode = r.getAttributeValue(null, "code");
            error = r.getElementText().strip();
          }
          default -> { }
        }
      }
    } catch (XMLStreamException e) {
      throw new IOException("OAI-PMH answer is not XML (an error page?): " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root) throw new IOException("OAI-PMH answer is empty");
    if (errorCode != null) {
      if (errorCode.equals("noRecordsMatch")) return new Page(List.of(), null);
      throw new IOException("OAI-PMH error " + errorCode + ": " + error);
    }
    return new Page(ids, token);
  }
}
