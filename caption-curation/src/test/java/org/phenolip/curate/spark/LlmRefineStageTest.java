package org.phenolip.curate.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.curate.refine.ApiKey;
import org.phenolip.curate.refine.LlmSettings;
import org.phenolip.curate.refine.MockChatServerAccess;
import org.phenolip.curate.refine.RuleRefiner;
import org.phenolip.kg.linking.DictionaryEntry;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.linking.Tier;

/** The LLM step in Spark executors against a scripted HTTP server: cache, rerun, budget, concurrency, fallbacks, no key leak. */
class LlmRefineStageTest {
  static final String KEY = "sk-phenolip-stage-8b2e71";
  static SparkSession spark;
  @TempDir static Path tmp;

  static final PhenotypeLinker LINKER = PhenotypeLinker.of(PhenotypeDictionary.of(List.of(
      new DictionaryEntry("HP:0002240", "hepatomegaly", Tier.LABEL),
      new DictionaryEntry("HP:0001744", "splenomegaly", Tier.LABEL),
      new DictionaryEntry("HP:0001541", "ascites", Tier.LABEL))));

  @BeforeAll static void start() { spark = SparkSessions.local("llm-refine-test", 2); }

  @AfterAll static void stop() { spark.stop(); }

  /** A subfigure row as FigureCurator makes it: links from the linker, refined text from the rules. */
  static Row subfigure(String id, String text) {
    List<Row> links = new ArrayList<>();
    for (var m : LINKER.link(text)) {
      if (!m.negated()) links.add(RowFactory.create(m.hpoId(), null, m.matchedText(), m.start(), m.end(), "label", 0.95, "abdomen"));
    }
    return RowFactory.create(id, id.replaceAll("#.*", ""), "PMC1", 0, org.phenolip.core.schema.Rows.seq(List.of("A")),
        0, 0, 10, 10, "single", null, text, text, new RuleRefiner().refine(text), RuleRefiner.VERSION, "radiology", "ct", null, "rules", null,
        0L, null, org.phenolip.core.schema.Rows.seq(links));
  }

  static Dataset<Row> subfigures(int partitions, String... idText) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < idText.length; i += 2) rows.add(subfigure(idText[i], idText[i + 1]));
    return spark.createDataFrame(rows, CuratedSchema.SUBFIGURE).repartition(partitions);
  }

  /** Answers by what the input says: SERVER-ERROR → 500, GARBLED → not JSON, FORGETFUL → drops the finding, else the rules' text. */
  static MockChatServerAccess.Answer script(String input) {
    if (input.contains("SERVER-ERROR")) return MockChatServerAccess.status(500, "{\"error\":\"boom\"}");
    if (input.contains("GARBLED")) return MockChatServerAccess.okContent("{caption: 'unterminated");
    if (input.contains("FORGETFUL")) return MockChatServerAccess.ok("An abdominal image.");
    return MockChatServerAccess.ok(new RuleRefiner().refine(input).replace("GARBLED ", ""));
  }

  static Map<String, Row> byId(Dataset<Row> d, String idCol) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : d.collectAsList()) m.put(r.getAs(idCol), r);
    return m;
  }

  @Test void refinesInExecutorsCachesAnswersAndFallsBackWithReasons() throws Exception {
    // capture every log event of the run, to show the key is never logged
    LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
    StringWriter logs = new StringWriter();
    WriterAppender capture = WriterAppender.newBuilder().setName("llm-capture").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
    capture.start();
    ctx.getRootLogger().addAppender(capture);
    String cache = tmp.resolve("curated/llm_cache").toString();
    try (var server = MockChatServerAccess.start(r -> script(r))) {
      var s = LlmSettings.of(server.baseUrl(), "test-model", ApiKey.of(KEY), 100).withLimits(2, 5000, 3, 5);
      Dataset<Row> sub = subfigures(2,
          "f1#0", "(A) CT shows hepatomegaly (arrow).",
          "f1#1", "(B) Ultrasound shows ascites (asterisk).",
          "f2#0", "(A) CT shows hepatomegaly (arrow).", // same input as f1#0: one request, one cache row
          "f3#0", "SERVER-ERROR splenomegaly on CT.",
          "f4#0", "GARBLED hepatomegaly.",
          "f5#0", "FORGETFUL ascites (asterisk).");
      var r1 = LlmRefineStage.apply(spark, sub, cache, s, LINKER);
      var rows = byId(r1.subfigures(), "subfigure_id");
      assertEquals(6, rows.size());
      assertEquals("CT shows hepatomegaly.", rows.get("f1#0").getAs("refined_caption"));
      assertEquals("llm:test-model:refine-v1", rows.get("f1#0").getAs("refine_method"));
      assertEquals("CT shows hepatomegaly.", rows.get("f2#0").getAs("refined_caption"));
      assertEquals("Ultrasound shows ascites.", rows.get("f1#1").getAs("refined_caption"));
      for (String id : List.of("f3#0", "f4#0", "f5#0")) {
        assertEquals(RuleRefiner.VERSION, rows.get(id).getAs("refine_method"), id);
        assertEquals(new RuleRefiner().refine(rows.get(id).getAs("subcaption_full")), rows.get(id).getAs("refined_caption"), id);
      }
      assertArrayEquals(CuratedSchema.SUBFIGURE.fieldNames(), r1.subfigures().columns());
      var rej = byId(r1.rejects(), "source");
      assertEquals(3, rej.size());
      assertEquals("llm-http-500", rej.get("f3#0").getAs("reason"));
      assertEquals("refine", rej.get("f3#0").getAs("stage"));
      assertTrue(rej.get("f3#0").<String>getAs("detail").contains("gave up after 3 attempts"), rej.get("f3#0").toString());
      assertTrue(rej.get("f3#0").<String>getAs("detail").startsWith("kept the rules-v1 text"));
      assertEquals("llm-bad-json", rej.get("f4#0").getAs("reason"));
      assertEquals("llm-dropped-phenotypes", rej.get("f5#0").getAs("reason"));
      // five distinct inputs: four answered at once, the 500 tried three times
      assertEquals(7, server.count());
      assertEquals(7L, r1.counts().get("llm:requests"));
      assertEquals(5L, r1.counts().get("llm:inputs"));
      assertEquals(0L, r1.counts().get("llm:cache_hits"));
      assertEquals(3L, r1.counts().get("refine:llm"));
      assertEquals(3L, r1.counts().get("refine:rules-fallback"));
      assertEquals(1L, r1.counts().get("llm:failed:http-500"));
      // answered inputs (accepted or rejected by the check) are cached; failures are not
      Dataset<Row> cached = spark.read().format("delta").load(cache);
      assertEquals(3, cached.count());
      assertEquals(2, cached.filter(col("status").equalTo("ok")).count());
      assertEquals(List.of("test-model"), cached.select("model").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
      assertEquals(List.of("refine-v1"), cached.select("prompt_version").distinct().as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
      // the key is sha256(model \n prompt version \n input)
      assertEquals(1, cached.filter(col("key").equalTo(sha256("test-model\nrefine-v1\n(A) CT shows hepatomegaly (arrow).")))
          .count());

      // the rerun pays nothing for cached inputs: only the two failures are asked again
      int before = server.count();
      var r2 = LlmRefineStage.apply(spark, sub, cache, s, LINKER);
      var rows2 = byId(r2.subfigures(), "subfigure_id");
      List<String> asked = server.requests().subList(before, server.count()).stream().map(MockChatServerAccess::userText).toList();
      assertEquals(4, asked.size(), asked.toString());
      assertTrue(asked.stream().allMatch(t -> t.contains("SERVER-ERROR") || t.contains("GARBLED")), asked.toString());
      assertEquals(3L, r2.counts().get("llm:cache_hits"));
      assertEquals(4L, r2.counts().get("llm:requests"));
      assertEquals("CT shows hepatomegaly.", rows2.get("f1#0").getAs("refined_caption"));
      assertEquals("llm:test-model:refine-v1", rows2.get("f2#0").getAs("refine_method"));
      var rej2 = byId(r2.rejects(), "source");
      assertEquals("llm-dropped-phenotypes", rej2.get("f5#0").getAs("reason"));
      assertTrue(rej2.get("f5#0").<String>getAs("detail").contains("cached answer"), rej2.get("f5#0").toString());
      assertEquals(3, spark.read().format("delta").load(cache).count());

      // a different model is a different key: asked again
      before = server.count();
      var other = LlmSettings.of(server.baseUrl(), "other-model", ApiKey.of(KEY), 100).withLimits(2, 5000, 1, 5);
      LlmRefineStage.apply(spark, subfigures(1, "f1#0", "(A) CT shows hepatomegaly (arrow)."), cache, other, LINKER);
      assertEquals(1, server.count() - before);

      // the key went to the server, and nowhere else: not in logs, rows, counts or files under the output
      assertTrue(server.requests().stream().allMatch(q -> ("Bearer " + KEY).equals(q.authorization())));
      String logged = logs.toString();
      assertTrue(logged.contains("failed (http-500)"), "the retries were logged: " + logged);
      assertFalse(logged.contains(KEY), "key in the logs");
      for (var d : List.of(r1.subfigures(), r1.rejects(), r2.subfigures(), r2.rejects(), spark.read().format("delta").load(cache))) {
        for (Row r : d.collectAsList()) assertFalse(r.toString().contains(KEY), r.toString());
      }
      assertFalse(r1.counts().toString().contains(KEY));
      try (Stream<Path> files = Files.walk(tmp)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(KEY), f.toString());
        }
      }
    } finally {
      ctx.getRootLogger().removeAppender(capture);
      capture.stop();
    }
  }

  @Test void theBudgetCapsRequestsAcrossPartitionsAndConcurrencyIsPerExecutor() throws Exception {
    try (var server = MockChatServerAccess.start(r -> MockChatServerAccess.delayed(script(r), 150))) {
      // 1 in flight per executor JVM: two local task threads share it
      var s = LlmSettings.of(server.baseUrl(), "test-model", ApiKey.of(KEY), 3).withLimits(1, 5000, 3, 5);
      List<String> idText = new ArrayList<>();
      for (int i = 0; i < 6; i++) idText.addAll(List.of("g" + i + "#0", "(A) CT number " + i + " shows hepatomegaly (arrow)."));
      var r = LlmRefineStage.apply(spark, subfigures(3, idText.toArray(String[]::new)), tmp.resolve("budget/llm_cache").toString(), s, LINKER);
      assertEquals(3, server.count());
      assertEquals(3L, r.counts().get("llm:requests"));
      assertEquals(3L, r.counts().get("refine:llm"));
      assertEquals(3L, r.counts().get("llm:failed:budget-exhausted"));
      assertEquals(3, r.rejects().filter(col("reason").equalTo("llm-budget-exhausted")).count());
      assertEquals(1, server.maxInFlight());
    }
  }

  /** A normal finding ("no ascites") is a class of its own: an answer that flips or invents a negation is refused. */
  @Test void anAnswerThatFlipsANegationIsRefused() {
    var check = new org.phenolip.curate.refine.AnswerCheck(t -> LlmRefineStage.phenotypes(LINKER, t));
    assertEquals(java.util.Set.of("NOT:HP:0001541"), LlmRefineStage.phenotypes(LINKER, "CT of the abdomen. No ascites."));
    java.util.Set<String> normal = java.util.Set.of("NOT:HP:0001541");
    assertNull(check.problem("CT of the abdomen. No ascites.", normal, "No ascites."));
    assertEquals("dropped-phenotypes", check.problem("CT of the abdomen. No ascites.", normal, "Ascites."));
    assertEquals("added-phenotype", check.problem("Hepatomegaly on CT.", java.util.Set.of("HP:0002240"), "Hepatomegaly without ascites."));
  }

  @Test void splitsTheBudgetOverPartitions() {
    assertArrayEquals(new long[] {2, 1, 0}, LlmRefineStage.allowances(List.of(2L, 3L, 4L), 3));
    // what no miss needs is retry headroom for partitions that have misses
    assertArrayEquals(new long[] {4, 0, 3}, LlmRefineStage.allowances(List.of(1L, 0L, 1L), 7));
    assertArrayEquals(new long[] {0, 0}, LlmRefineStage.allowances(List.of(0L, 0L), 5));
  }

  static String sha256(String s) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }
}
