package org.phenolip.kg.fetch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Anonymous S3 over HTTP(S): {@code GET <base>/<key>} and {@code GET <base>/?list-type=2&prefix=…}
 * (what {@code https://pmc-oa-opendata.s3.amazonaws.com} and any S3-compatible store with a public
 * bucket answer). No request is signed and no credential is read. The request timeout covers the
 * whole exchange, body included, so a body that trickles in counts as a timeout.
 */
public final class HttpObjectStore implements ObjectStore {
  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  public HttpObjectStore(URI base, Duration timeout) {
    String b = base.toString().replaceAll("/+$", "");
    this.base = URI.create(b);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(Math.min(10_000, timeout.toMillis())))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  @Override
  public String describe() { return base.toString(); }

  @Override
  public byte[] get(String key) throws IOException {
    return send(URI.create(base + "/" + encodePath(key)), key);
  }

  @Override
  public Page list(String prefix, String delimiter, String token) throws IOException {
    StringBuilder q = new StringBuilder(base + "/?list-type=2&prefix=" + enc(prefix));
    if (delimiter != null) q.append("&delimiter=").append(enc(delimiter));
    if (token != null) q.append("&continuation-token=").append(enc(token));
    byte[] body = send(URI.create(q.toString()), "list " + prefix);
    try {
      return parseListing(body);
    } catch (XMLStreamException | RuntimeException e) {
      throw new FetchException("bad-listing", "unreadable ListObjectsV2 answer for prefix " + prefix + ": " + e.getMessage(), true);
    }
  }

  private byte[] send(URI uri, String what) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(uri).GET().timeout(timeout).header("User-Agent", "phenolip-kg-fetch/0.1").build();
    CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> r;
    try {
      r = f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new FetchException("timeout", what + ": no complete answer in " + timeout.toMillis() + " ms", true);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted: " + what);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) throw FetchException.of(io);
      throw new FetchException("io-error", what + ": " + c, true);
    }
    int code = r.statusCode();
    if (code == 200) return r.body();
    long retryAfter = r.headers().firstValue("Retry-After").map(HttpObjectStore::seconds).orElse(-1L);
    boolean retry = code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    String reason = code == 404 ? "not-found" : "http-" + code;
    throw new FetchException(reason, what + ": HTTP " + code, retry, retryAfter);
  }

  private static long seconds(String v) {
    try {
      return Long.parseLong(v.strip()) * 1000;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Percent-encodes a key, keeping '/' and RFC 3986 unreserved characters. */
  static String encodePath(String key) {
    StringBuilder b = new StringBuilder(key.length() + 8);
    for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b.toString();
  }

  /** ListBucketResult, namespace-agnostic (local names), DTDs off. */
  static Page parseListing(byte[] xml) throws XMLStreamException {
    XMLStreamReader r = SafeXml.factory().createXMLStreamReader(new ByteArrayInputStream(xml));
    List<Listed> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String next = null;
    boolean truncated = false;
    String key = null, etag = null, modified = null;
    long size = 0;
    String parent = null;
    StringBuilder text = new StringBuilder();
    List<String> stack = new ArrayList<>();
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.START_ELEMENT) {
        stack.add(r.getLocalName());
        text.setLength(0);
        if (r.getLocalName().equals("Contents")) { key = null; etag = null; modified = null; size = 0; }
      } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA) {
        text.append(r.getText());
      } else if (ev == XMLStreamConstants.END_ELEMENT) {
        String name = r.getLocalName();
        stack.remove(stack.size() - 1);
        parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
        String t = text.toString().strip();
        if ("Contents".equals(parent)) {
          switch (name) {
            case "Key" -> key = t;
            case "ETag" -> etag = Md5.normalizeEtag(t);
            case "Size" -> size = t.isEmpty() ? 0 : Long.parseLong(t);
            case "LastModified" -> modified = t;
            default -> { }
          }
        } else if ("CommonPrefixes".equals(parent) && name.equals("Prefix")) {
          prefixes.add(t);
        } else if (name.equals("Contents")) {
          if (key != null) contents.add(new Listed(key, etag, size, modified));
        } else if (name.equals("NextContinuationToken")) {
          next = t;
        } else if (name.equals("IsTruncated")) {
          truncated = t.equals("true");
        }
        text.setLength(0);
      }
    }
    return new Page(contents, prefixes, truncated ? next : null);
  }
}
