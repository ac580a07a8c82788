package org.phenolip.eval.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Json;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.run.ModelScores;

class ReportTest {
  @TempDir Path dir;

  /** 20 rows, one stratum of 4 phenotypes; the model is right on the first {@code hits} rows. */
  static ModelScores scored(String name, int hits) {
    List<String> ids = List.of("A", "B", "C", "D");
    float[][] cls = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    List<String> sys = new ArrayList<>();
    List<Set<String>> lab = new ArrayList<>();
    float[][] img = new float[20][];
    for (int i = 0; i < 20; i++) {
      sys.add("skin");
      int c = i % 4;
      lab.add(Set.of(ids.get(c)));
      img[i] = cls[i < hits ? c : (c + 1) % 4];
    }
    ZeroShot.Result z = ZeroShot.evaluate(img, sys, lab, ids, cls, ZeroShot.Candidates.SYSTEM, 8);
    return new ModelScores(name, "test", z, null, null, Map.of(), Map.of(), null, 0, 0);
  }

  @Test
  void seedsOfOneModelShowMeanSdAndPerSeedValues() throws Exception {
    List<ModelScores> runs = List.of(scored("student", 10), scored("student", 12), scored("student", 14), scored("single", 5));
    Report.write(dir, null, Map.of(), runs);
    String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
    // 0.5, 0.6, 0.7: mean 60.0, sample sd 10.0.
    assertTrue(md.contains("| student (3 seeds) |"), md);
    assertTrue(md.contains("| skin | 20 | 4 | 25.0 | 60.0 ± 10.0 | 25.0 [11.2–46.9] |"), md);
    assertTrue(md.contains("| zero_shot/micro/top1 | 50.0 / 60.0 / 70.0 |"), md);
    JsonNode m = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
    JsonNode g = m.at("/seed_groups/0");
    assertEquals("student", g.get("name").asText());
    assertEquals(3, g.get("seeds").asInt());
    assertEquals(0.6, g.at("/scores/zero_shot~1skin~1top1/mean").asDouble(), 1e-12);
    assertEquals(0.1, g.at("/scores/zero_shot~1skin~1top1/sd").asDouble(), 1e-12);
    assertEquals(3, g.at("/scores/zero_shot~1skin~1top1/values").size());
    assertEquals(1, m.get("seed_groups").size(), "a single run is no seed group");
  }

  @Test
  void overlapIsSaidInRed() throws Exception {
    Report.write(dir, null, Map.of(), List.of(scored("leaky", 20).withOverlap("3 benchmark articles in training")));
    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<p style=\"color:red;font-weight:bold\">WARNING: leaky was trained on data that overlaps the benchmark (3 benchmark articles in training)"), html);
    JsonNode m = Json.MAPPER.readTree(dir.resolve("metrics.json").toFile());
    assertEquals("3 benchmark articles in training", m.at("/models/0/training_overlaps_bench").asText());
  }
}
