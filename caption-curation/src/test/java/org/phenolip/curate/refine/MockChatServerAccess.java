package org.phenolip.curate.refine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@link MockChatServer} for tests in other packages. */
public final class MockChatServerAccess implements AutoCloseable {
  /** A scripted answer. */
  public static final class Answer {
    final MockChatServer.Answer a;

    Answer(MockChatServer.Answer a) { this.a = a; }
  }

  /** A received request. */
  public record Request(String authorization, String userText) {}

  private final MockChatServer server;

  private MockChatServerAccess(MockChatServer s) { this.server = s; }

  /** @param script answers by the request's subcaption */
  public static MockChatServerAccess start(Function<String, Answer> script) throws java.io.IOException {
    return new MockChatServerAccess(new MockChatServer(r -> script.apply(r.userText()).a));
  }

  public static Answer ok(String caption) { return new Answer(MockChatServer.Answer.ok(caption)); }

  public static Answer okContent(String content) { return new Answer(MockChatServer.Answer.okContent(content)); }

  public static Answer status(int code, String body) { return new Answer(MockChatServer.Answer.status(code, body, Map.of())); }

  public static Answer delayed(Answer x, long ms) {
    return new Answer(new MockChatServer.Answer(x.a.status(), x.a.headers(), x.a.body(), ms));
  }

  public static String userText(Request r) { return r.userText(); }

  public String baseUrl() { return server.baseUrl(); }

  public int count() { return server.count(); }

  public int maxInFlight() { return server.maxInFlight(); }

  public List<Request> requests() {
    return server.requests().stream().map(s -> new Request(s.authorization(), s.userText())).toList();
  }

  @Override public void close() { server.close(); }
}
