package org.phenolip.curate.refine;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.phenolip.core.io.Json;

/** An OpenAI-compatible chat-completions endpoint on 127.0.0.1 whose answers a test scripts; it records every request. */
final class MockChatServer implements AutoCloseable {
  /** A scripted answer: status, headers, body, and how long to wait before sending it. */
  record Answer(int status, Map<String, String> headers, String body, long delayMs) {
    static Answer ok(String caption) {
      String content = Json.MAPPER.createObjectNode().put("caption", caption).toString();
      return okContent(content);
    }

    /** A 200 whose message content is {@code content} verbatim (may be malformed on purpose). */
    static Answer okContent(String content) {
      var root = Json.MAPPER.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion");
      root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
          .putObject("message").put("role", "assistant").put("content", content);
      return new Answer(200, Map.of("Content-Type", "application/json"), root.toString(), 0);
    }

    static Answer status(int code, String body, Map<String, String> headers) {
      return new Answer(code, headers, body, 0);
    }
  }

  /** One received request. */
  record Seen(int index, String path, String authorization, JsonNode body, long atNanos) {
    String userText() {
      String c = body.path("messages").path(1).path("content").asText();
      return c.startsWith("Subcaption:\n") ? c.substring("Subcaption:\n".length()) : c;
    }
  }

  interface Script {
    Answer answer(Seen request);
  }

  private final HttpServer server;
  private final List<Seen> seen = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();

  MockChatServer(Script script) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", ex -> {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        byte[] req = ex.getRequestBody().readAllBytes();
        Seen s;
        synchronized (seen) {
          s = new Seen(seen.size(), ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Authorization"),
              Json.MAPPER.readTree(req), System.nanoTime());
          seen.add(s);
        }
        Answer a = script.answer(s);
        if (a.delayMs() > 0) Thread.sleep(a.delayMs());
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(a.status(), out.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(out);
        }
      } catch (InterruptedException | IOException e) {
        ex.close();
      } finally {
        inFlight.decrementAndGet();
      }
    });
    server.start();
  }

  String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

  List<Seen> requests() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  int count() { return requests().size(); }

  int maxInFlight() { return maxInFlight.get(); }

  @Override public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
