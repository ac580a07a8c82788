package org.phenolip.kg.fetch;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A plain HTTP/1.1 server on 127.0.0.1 that serves a folder as an S3-style bucket (GET /key,
 * ListObjectsV2 with pages, delimiter and continuation tokens) and misbehaves on request: per key,
 * a queue of faults served one per request (429, 503, a slow body, a truncated body, wrong bytes,
 * a connection reset, or holding the request until released), an added latency, and counters of
 * requests, completed bodies, requests in flight and request start times.
 */
public final class BucketServer implements AutoCloseable {
  public enum Fault { TOO_MANY, UNAVAILABLE, SLOW, TRUNCATE, WRONG_BYTES, RESET, HOLD }

  private volatile Path root;
  private final ServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bucket-server");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, Fault> always = new ConcurrentHashMap<>();
  public final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  public final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();
  public final List<Long> starts = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger inFlight = new AtomicInteger();
  public final AtomicInteger maxInFlight = new AtomicInteger();
  public volatile long latencyMillis;
  public volatile int pageSize = 1000;
  public volatile long slowMillis = 3000;
  public volatile CountDownLatch held = new CountDownLatch(1);
  public volatile CountDownLatch release = new CountDownLatch(1);
  public volatile String heldKey;

  public BucketServer(Path root) throws IOException {
    this.root = root;
    this.socket = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "bucket-server-accept");
    t.setDaemon(true);
    t.start();
  }

  public String url() { return "http://127.0.0.1:" + socket.getLocalPort(); }

  public void root(Path r) { root = r; }

  public synchronized void fault(String key, Fault... fs) {
    faults.computeIfAbsent(key, k -> new ArrayDeque<>()).addAll(List.of(fs));
  }

  public void always(String key, Fault f) { always.put(key, f); }

  public int requests(String key) {
    AtomicInteger a = requests.get(key);
    return a == null ? 0 : a.get();
  }

  public int total() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  public void reset() {
    requests.clear();
    completed.clear();
    starts.clear();
    maxInFlight.set(0);
  }

  private synchronized Fault nextFault(String key) {
    Fault f = always.get(key);
    if (f != null) return f;
    Deque<Fault> q = faults.get(key);
    return q == null ? null : q.poll();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        pool.submit(() -> handle(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket s) {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (s) {
      InputStream in = new BufferedInputStream(s.getInputStream());
      String line = readLine(in);
      if (line == null) return;
      while (true) {
        String h = readLine(in);
        if (h == null || h.isEmpty()) break;
      }
      String target = line.split(" ")[1];
      starts.add(System.nanoTime());
      String path = target, query = "";
      int q = target.indexOf('?');
      if (q >= 0) { path = target.substring(0, q); query = target.substring(q + 1); }
      String key = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
      Map<String, String> params = params(query);
      String counted = params.containsKey("list-type") ? "?list " + params.getOrDefault("prefix", "") : key;
      requests.computeIfAbsent(counted, k -> new AtomicInteger()).incrementAndGet();
      if (latencyMillis > 0) Thread.sleep(latencyMillis);
      Fault f = nextFault(counted);
      OutputStream out = s.getOutputStream();
      if (f == Fault.RESET) {
        s.setSoLinger(true, 0); // close with RST
        return;
      }
      if (f == Fault.TOO_MANY || f == Fault.UNAVAILABLE) {
        int code = f == Fault.TOO_MANY ? 429 : 503;
        byte[] b = ("<Error><Code>" + (code == 429 ? "TooManyRequests" : "SlowDown") + "</Code></Error>").getBytes(StandardCharsets.UTF_8);
        write(out, code, code == 429 ? "Too Many Requests" : "Service Unavailable", b, "Retry-After: 0\r\n");
        return;
      }
      if (f == Fault.HOLD) {
        heldKey = counted;
        held.countDown();
        release.await();
        s.setSoLinger(true, 0);
        return;
      }
      byte[] body;
      if (params.containsKey("list-type")) {
        body = listing(params);
      } else {
        Path file = root.resolve(key).normalize();
        if (key.isEmpty() || !file.startsWith(root) || !Files.isRegularFile(file)) {
          write(out, 404, "Not Found", "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.UTF_8), "");
          return;
        }
        body = Files.readAllBytes(file);
      }
      String etag = params.containsKey("list-type") ? "" : "ETag: \"" + Md5.hex(body) + "\"\r\n";
      if (f == Fault.WRONG_BYTES) {
        body = body.clone();
        body[body.length / 2] ^= 0x5a;
      }
      if (f == Fault.TRUNCATE) {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, body.length / 2);
        out.flush();
        s.setSoLinger(true, 0);
        return;
      }
      if (f == Fault.SLOW) {
        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        long end = System.currentTimeMillis() + slowMillis;
        for (int i = 0; i < body.length && System.currentTimeMillis() < end; i++) {
          out.write(body[i]);
          out.flush();
          Thread.sleep(50);
        }
        return;
      }
      write(out, 200, "OK", body, etag);
      completed.computeIfAbsent(counted, k -> new AtomicInteger()).incrementAndGet();
    } catch (IOException | InterruptedException e) {
      // client went away
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private static void write(OutputStream out, int code, String reason, byte[] body, String extra) throws IOException {
    out.write(("HTTP/1.1 " + code + " " + reason + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n" + extra
        + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (c != '\r') b.write(c);
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
  }

  private static Map<String, String> params(String query) {
    Map<String, String> m = new HashMap<>();
    for (String kv : query.split("&")) {
      if (kv.isEmpty()) continue;
      int e = kv.indexOf('=');
      m.put(URLDecoder.decode(e < 0 ? kv : kv.substring(0, e), StandardCharsets.UTF_8),
          e < 0 ? "" : URLDecoder.decode(kv.substring(e + 1), StandardCharsets.UTF_8));
    }
    return m;
  }

  /** ListObjectsV2: keys (or common prefixes with a delimiter) after the prefix, pageSize per page. */
  private byte[] listing(Map<String, String> p) throws IOException {
    String prefix = p.getOrDefault("prefix", "");
    String delim = p.get("delimiter");
    TreeSet<String> entries = new TreeSet<>();
    Map<String, Path> files = new HashMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
        String key = root.relativize(f).toString().replace('\\', '/');
        if (!key.startsWith(prefix)) continue;
        int d = delim == null ? -1 : key.indexOf(delim, prefix.length());
        if (d >= 0) entries.add(key.substring(0, d + delim.length()));
        else { entries.add(key); files.put(key, f); }
      }
    }
    List<String> all = new ArrayList<>(entries);
    int from = p.containsKey("continuation-token") ? Integer.parseInt(p.get("continuation-token")) : 0;
    int to = Math.min(all.size(), from + pageSize);
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Name>pmc-oa-opendata</Name><Prefix>" + prefix + "</Prefix><KeyCount>" + (to - from) + "</KeyCount><MaxKeys>" + pageSize
        + "</MaxKeys><IsTruncated>" + (to < all.size()) + "</IsTruncated>");
    if (to < all.size()) b.append("<NextContinuationToken>").append(to).append("</NextContinuationToken>");
    for (String e : all.subList(from, to)) {
      Path f = files.get(e);
      if (f == null) {
        b.append("<CommonPrefixes><Prefix>").append(e).append("</Prefix></CommonPrefixes>");
      } else {
        byte[] bytes = Files.readAllBytes(f);
        b.append("<Contents><Key>").append(e).append("</Key><LastModified>2026-11-27T12:00:00.000Z</LastModified><ETag>&quot;")
            .append(Md5.hex(bytes)).append("&quot;</ETag><Size>").append(bytes.length).append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      }
    }
    b.append("</ListBucketResult>");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    socket.close();
    pool.shutdownNow();
  }
}
