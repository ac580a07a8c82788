package org.phenolip.curate.spark;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.spark.SparkSessions;
import org.phenolip.curate.core.FigureCurator;
import org.phenolip.curate.refine.ApiKey;
import org.phenolip.curate.refine.LlmSettings;
import org.phenolip.curate.refine.MockChatServerAccess;
import org.phenolip.curate.refine.RuleRefiner;
import org.phenolip.curate.subfigure.OnnxDetector;
import org.phenolip.curate.onnx.TinyOnnx;
import org.phenolip.kg.build.KgBuild;

/** {@code curate} end to end with both new hooks: an ONNX detector and an LLM endpoint (a scripted server on 127.0.0.1). */
class CurateJobLlmOnnxTest {
  static final String KEY = "sk-phenolip-job-51f0aa";
  static SparkSession spark;
  @TempDir static Path tmp;

  @BeforeAll static void start() { spark = SparkSessions.local("curate-llm-onnx-test", 2); }

  @AfterAll static void stop() { spark.stop(); }

  @Test void curatesWithTheOnnxDetectorAndLlmRefinement() throws Exception {
    Path pmc = tmp.resolve("pmc");
    Files.createDirectories(pmc);
    Files.copy(Path.of("../data/sample/pmc-oa/PMC9000001.tar.gz"), pmc.resolve("PMC9000001.tar.gz"));
    String kg = tmp.resolve("kg").toString();
    new KgBuild(spark).run(new KgBuild.Options(Path.of("../data/hpo/hp.v2024-08-13.json.gz"), List.of(pmc), kg, false, false));

    // the detector sees two side-by-side panels in every figure, and a low-scoring third it must drop
    Path model = tmp.resolve("halves.onnx");
    Files.write(model, TinyOnnx.detector(new Object[] {1L, 3L, 32L, 32L}, "boxes", new long[] {1, 3, 4},
        new float[] {0f, 0f, 0.5f, 1f, 0.5f, 0f, 1f, 1f, 0.2f, 0.2f, 0.8f, 0.8f}, "scores", new long[] {1, 3}, new float[] {0.9f, 0.8f, 0.3f}));
    OnnxDetector detector = OnnxDetector.open(model, null, 0.5);

    try (var server = MockChatServerAccess.start(t -> MockChatServerAccess.ok(new RuleRefiner().refine(t)))) {
      var llm = LlmSettings.of(server.baseUrl(), "test-model", ApiKey.of(KEY), 1000).withLimits(2, 10_000, 3, 10);
      String out = tmp.resolve("curated").toString();
      var o = new CurateJob.Options(kg, out, FigureCurator.Settings.defaults(), 4, 0.05, false, detector, llm);
      Map<String, Object> m = CurateJob.run(spark, o);
      @SuppressWarnings("unchecked") Map<String, Long> steps = (Map<String, Long>) m.get("steps_this_run");
      @SuppressWarnings("unchecked") Map<String, Object> settings = (Map<String, Object>) m.get("settings");
      assertEquals("onnx:halves.onnx@32,score>=0.5", settings.get("detector"));
      assertEquals("llm:test-model:refine-v1", settings.get("refiner"));
      assertTrue(settings.get("llm").toString().contains("key=given (set)"), settings.toString());

      var sub = spark.read().format("delta").load(out + "/subfigures");
      long n = sub.count();
      assertTrue(n > 0);
      // every figure was split in two halves by the model: boxes are half the figure's width, side by side
      for (Row r : sub.select("panel_index", "box_x", "box_w").collectAsList()) {
        assertTrue(r.getInt(0) <= 1, r.toString());
      }
      assertEquals(0, sub.filter(col("panel_index").equalTo(1).and(col("box_x").notEqual(col("box_w")))).count());
      // each distinct subcaption asked once; all accepted
      assertEquals(steps.get("llm:inputs"), (long) server.count());
      assertEquals(n, sub.filter(col("refine_method").equalTo("llm:test-model:refine-v1")).count());
      var pairs = spark.read().format("delta").load(out + "/pairs");
      assertEquals(pairs.count(), pairs.filter(col("refine_method").equalTo("llm:test-model:refine-v1")).count());
      assertTrue(Files.isDirectory(Path.of(out, "llm_cache")));
      String manifest = Files.readString(Path.of(out, "manifest.json"));
      assertFalse(manifest.contains(KEY));

      // a forced rerun curates every figure again but asks the LLM nothing
      int before = server.count();
      Map<String, Object> again = CurateJob.run(spark, new CurateJob.Options(kg, out, FigureCurator.Settings.defaults(), 4, 0.05, true, detector, llm));
      @SuppressWarnings("unchecked") Map<String, Long> steps2 = (Map<String, Long>) again.get("steps_this_run");
      assertEquals(before, server.count());
      assertEquals(steps.get("llm:inputs"), steps2.get("llm:cache_hits"));
      assertEquals(n, spark.read().format("delta").load(out + "/subfigures").filter(col("refine_method").startsWith("llm:")).count());
    }
  }
}
