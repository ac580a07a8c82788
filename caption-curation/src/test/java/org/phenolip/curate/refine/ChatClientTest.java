package org.phenolip.curate.refine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The chat client and the refiner against a real HTTP server on 127.0.0.1 scripted like the API. */
class ChatClientTest {
  static final String KEY = "sk-phenolip-test-4c1d9e";
  static final ChatClient.RequestBudget UNLIMITED = () -> true;

  static LlmSettings settings(MockChatServer s, int attempts, int timeoutMs) {
    return LlmSettings.of(s.baseUrl(), "test-model", ApiKey.of(KEY), 100).withLimits(2, timeoutMs, attempts, 20);
  }

  /** Phenotypes by substring, enough for the check. */
  static final AnswerCheck CHECK = new AnswerCheck(t -> {
    String l = t.toLowerCase();
    java.util.Set<String> ids = new java.util.HashSet<>();
    if (l.contains("hepatomegaly")) ids.add("HP:0002240");
    if (l.contains("splenomegaly")) ids.add("HP:0001744");
    if (l.contains("ascites")) ids.add("HP:0001541");
    return ids;
  });

  @Test void sendsTheVersionedPromptAsAChatCompletionsRequest() throws Exception {
    try (var server = new MockChatServer(r -> MockChatServer.Answer.ok("CT showing hepatomegaly."))) {
      String input = "(A) CT showing hepatomegaly (arrow).";
      var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine(input, Set.of("HP:0002240"), UNLIMITED);
      assertEquals(LlmRefiner.Status.OK, f.status());
      assertEquals("CT showing hepatomegaly.", f.text());
      assertEquals(1, server.count());
      var req = server.requests().get(0);
      assertEquals("/v1/chat/completions", req.path());
      assertEquals("Bearer " + KEY, req.authorization());
      assertEquals("test-model", req.body().path("model").asText());
      assertEquals(0, req.body().path("temperature").asInt());
      assertEquals("json_object", req.body().path("response_format").path("type").asText());
      assertEquals("system", req.body().path("messages").path(0).path("role").asText());
      assertTrue(req.body().path("messages").path(0).path("content").asText().contains("Do not add any finding"));
      assertEquals("user", req.body().path("messages").path(1).path("role").asText());
      assertEquals(input, req.userText());
      assertTrue(req.body().path("max_tokens").asInt() >= 64);
    }
  }

  @Test void retriesA429AfterItsRetryAfterThenSucceeds() throws Exception {
    try (var server = new MockChatServer(r -> r.index() == 0
        ? MockChatServer.Answer.status(429, "{\"error\":{\"message\":\"Rate limit reached\"}}", Map.of("Retry-After", "1"))
        : MockChatServer.Answer.ok("Ascites."))) {
      var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine("Ascites (asterisk).", Set.of("HP:0001541"), UNLIMITED);
      assertEquals(LlmRefiner.Status.OK, f.status(), f.toString());
      assertEquals(2, f.requests());
      var rs = server.requests();
      assertEquals(2, rs.size());
      long gapMs = (rs.get(1).atNanos() - rs.get(0).atNanos()) / 1_000_000;
      assertTrue(gapMs >= 950, "Retry-After: 1 honoured, waited " + gapMs + " ms");
    }
  }

  @Test void givesUpOn500ForeverWithTheReason() throws Exception {
    try (var server = new MockChatServer(r -> MockChatServer.Answer.status(500, "upstream exploded", Map.of()))) {
      var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine("Ascites.", Set.of("HP:0001541"), UNLIMITED);
      assertEquals(LlmRefiner.Status.FAILED, f.status());
      assertEquals("http-500", f.reason());
      assertTrue(f.detail().contains("gave up after 3 attempts"), f.detail());
      assertEquals(3, f.requests());
      assertEquals(3, server.count());
    }
  }

  @Test void aClientErrorIsNotRetriedAndATooLongRetryAfterGivesUp() throws Exception {
    try (var server = new MockChatServer(r -> MockChatServer.Answer.status(401,
        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}", Map.of()))) {
      var r = new ChatClient(settings(server, 4, 5000)).complete("{}", UNLIMITED);
      assertEquals("http-401", r.failure());
      assertEquals(1, server.count());
      assertFalse(r.detail().contains(KEY), "a server echoing the key does not put it in the reason: " + r.detail());
    }
    try (var server = new MockChatServer(r -> MockChatServer.Answer.status(429, "slow down", Map.of("Retry-After", "3600")))) {
      var r = new ChatClient(settings(server, 4, 5000)).complete("{}", UNLIMITED);
      assertEquals("http-429", r.failure());
      assertTrue(r.detail().contains("Retry-After 3600 s is over the 120 s limit"), r.detail());
      assertEquals(1, server.count());
    }
  }

  @Test void aSlowAnswerTimesOutAndIsRetried() throws Exception {
    try (var server = new MockChatServer(r -> r.index() == 0
        ? new MockChatServer.Answer(200, Map.of(), "{}", 1500)
        : MockChatServer.Answer.ok("Splenomegaly."))) {
      var f = new LlmRefiner(settings(server, 3, 300), CHECK).refine("Splenomegaly (arrowheads).", Set.of("HP:0001744"), UNLIMITED);
      assertEquals(LlmRefiner.Status.OK, f.status(), f.toString());
      assertEquals(2, f.requests());
    }
    try (var server = new MockChatServer(r -> new MockChatServer.Answer(200, Map.of(), "{}", 1500))) {
      var f = new LlmRefiner(settings(server, 2, 300), CHECK).refine("Splenomegaly.", Set.of("HP:0001744"), UNLIMITED);
      assertEquals(LlmRefiner.Status.FAILED, f.status());
      assertEquals("timeout", f.reason());
    }
  }

  @Test void malformedAnswersFallBackWithTheReason() throws Exception {
    String[] contents = {"Sure! The caption is: ascites", "{\"text\": \"Ascites.\"}", "{\"caption\": 3}"};
    String[] why = {"content is not JSON", "content is not {\"caption\": string}", "caption is not a string"};
    for (int i = 0; i < contents.length; i++) {
      String c = contents[i];
      try (var server = new MockChatServer(r -> MockChatServer.Answer.okContent(c))) {
        var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine("Ascites.", Set.of("HP:0001541"), UNLIMITED);
        assertEquals(LlmRefiner.Status.FAILED, f.status());
        assertEquals("bad-json", f.reason());
        assertEquals(why[i], f.detail());
        assertEquals(1, server.count(), "a malformed answer is not retried");
      }
    }
    try (var server = new MockChatServer(r -> MockChatServer.Answer.status(200, "<html>gateway</html>", Map.of()))) {
      var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine("Ascites.", Set.of("HP:0001541"), UNLIMITED);
      assertEquals("bad-json", f.reason());
      assertEquals("response is not JSON", f.detail());
    }
    // a ```json fence around a valid answer is tolerated
    try (var server = new MockChatServer(r -> MockChatServer.Answer.okContent("```json\n{\"caption\": \"Ascites.\"}\n```"))) {
      var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine("Ascites (A).", Set.of("HP:0001541"), UNLIMITED);
      assertEquals(LlmRefiner.Status.OK, f.status());
      assertEquals("Ascites.", f.text());
    }
  }

  @Test void answersThatDropOrInventFindingsAreRejected() throws Exception {
    String input = "(B) Abdominal CT shows hepatomegaly (arrow) and ascites (asterisk).";
    Set<String> ids = Set.of("HP:0002240", "HP:0001541");
    String[][] cases = {
        {"", "empty-answer"},
        {"Abdominal CT image.", "dropped-phenotypes"},
        {"Abdominal CT shows hepatomegaly, ascites and splenomegaly.", "added-phenotype"},
        {"Abdominal CT shows hepatomegaly and ascites. " + "The liver is enlarged and there is fluid. ".repeat(3), "too-long"},
    };
    for (String[] c : cases) {
      try (var server = new MockChatServer(r -> MockChatServer.Answer.ok(c[0]))) {
        var f = new LlmRefiner(settings(server, 3, 5000), CHECK).refine(input, ids, UNLIMITED);
        assertEquals(LlmRefiner.Status.REJECTED, f.status(), c[0]);
        assertEquals(c[1], f.reason(), c[0]);
      }
    }
    // keeping one of the findings is enough
    try (var server = new MockChatServer(r -> MockChatServer.Answer.ok("Abdominal CT shows hepatomegaly."))) {
      assertEquals(LlmRefiner.Status.OK, new LlmRefiner(settings(server, 3, 5000), CHECK).refine(input, ids, UNLIMITED).status());
    }
  }

  @Test void everyAttemptTakesFromTheBudget() throws Exception {
    try (var server = new MockChatServer(r -> MockChatServer.Answer.status(503, "busy", Map.of()))) {
      AtomicInteger left = new AtomicInteger(2);
      var r = new ChatClient(settings(server, 5, 5000)).complete("{}", () -> left.getAndDecrement() > 0);
      assertEquals("budget-exhausted", r.failure());
      assertTrue(r.detail().contains("http-503"), r.detail());
      assertEquals(2, r.requests());
      assertEquals(2, server.count());
    }
  }

  @Test void theKeyNeverShowsInSettingsOrTheirPrintouts() {
    var s = LlmSettings.of("https://api.example.org/v1", "m", ApiKey.of(KEY), 10);
    assertFalse(s.toString().contains(KEY), s.toString());
    assertTrue(s.toString().contains("redacted"));
    assertEquals("https://api.example.org/v1/chat/completions", s.completionsUri().toString());
    assertEquals("https://api.example.org/v1/chat/completions",
        LlmSettings.of("https://api.example.org/v1/chat/completions/", "m", ApiKey.of(KEY), 10).completionsUri().toString());
    var e = assertThrows(IllegalArgumentException.class, () -> LlmSettings.of("api.example.org", "m", ApiKey.of(KEY), 10));
    assertEquals("--llm-endpoint must be an http(s) URL, got: api.example.org", e.getMessage());
    assertEquals(1000, ChatClient.retryAfterMs("1"));
    assertEquals(-1, ChatClient.retryAfterMs("soon"));
  }
}
