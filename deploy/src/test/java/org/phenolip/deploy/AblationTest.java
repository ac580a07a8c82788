package org.phenolip.deploy;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phenolip.core.io.Json;

class AblationTest {
  static final String METRICS = """
      {"models":[{"zero_shot":{"overall":{"top1_chance":0.25},"splits":{"seen":{"top1_chance":0.3},"unseen":{"top1_chance":0.2}}}}],
       "seed_groups":[
        {"name":"A","seeds":3,"scores":{"zero_shot/seen/top1":{"values":[0.5,0.6,0.7]},"zero_shot/unseen/top1":{"values":[0.2,0.2,0.2]}}},
        {"name":"B","seeds":3,"scores":{"zero_shot/seen/top1":{"values":[0.4,0.4,0.5]},"zero_shot/unseen/top1":{"values":[0.1,0.3,0.2]}}}]}""";

  @Test
  @SuppressWarnings("unchecked")
  void pairedDifferencesWithStudentIntervalsHandComputed() throws Exception {
    JsonNode m = Json.MAPPER.readTree(METRICS);
    Map<String, Object> a = Ablation.analyse(m, List.of("A", "B"), List.of(new Ablation.Comparison("A − B", "A", "B")));
    assertEquals(List.of("zero_shot/seen/top1", "zero_shot/unseen/top1"), a.get("scores"));
    assertEquals(0.3, (Double) ((Map<String, Object>) a.get("chance")).get("zero_shot/seen/top1"), 1e-12);
    Map<String, Object> cellA = (Map<String, Object>) ((Map<String, Object>) a.get("cells")).get("A");
    Map<String, Object> seenA = (Map<String, Object>) cellA.get("zero_shot/seen/top1");
    assertEquals(0.6, (Double) seenA.get("mean"), 1e-12);
    assertEquals(0.1, (Double) seenA.get("sd"), 1e-12);
    // Differences 0.1, 0.2, 0.2: mean 1/6, sd sqrt(1/300), half-width t(0.975, 2) = 4.303 × sd / sqrt(3).
    Map<String, Object> d = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) a.get("comparisons")).get("A − B")).get("zero_shot/seen/top1");
    double sd = Math.sqrt(1.0 / 300), half = 4.303 * sd / Math.sqrt(3);
    assertEquals(1.0 / 6, (Double) d.get("mean"), 1e-12);
    assertEquals(sd, (Double) d.get("sd"), 1e-12);
    double[] ci = (double[]) d.get("ci95");
    assertEquals(1.0 / 6 - half, ci[0], 1e-12);
    assertEquals(1.0 / 6 + half, ci[1], 1e-12);
    // Unseen: differences 0.1, -0.1, 0: the interval straddles 0.
    double[] u = (double[]) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) a.get("comparisons")).get("A − B"))
        .get("zero_shot/unseen/top1")).get("ci95");
    assertTrue(u[0] < 0 && u[1] > 0);
    String md = Ablation.markdown(a, 3);
    assertTrue(md.contains("| chance | 30.0 | 20.0 |"), md);
    assertTrue(md.contains("| A | 60.0 ± 10.0 | 20.0 ± 0.0 |"), md);
    assertTrue(md.contains("| A − B | +16.7 [+2.3, +31.0] |"), md);
  }
}
