package org.phenolip.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phenolip.core.io.Json;

class PhaseFitTest {
  @Test
  @SuppressWarnings("unchecked")
  void exactLineAndAHandComputedFit() throws Exception {
    // t = 10 + 0.5 s per 1,000 pairs exactly
    Map<String, Object> line = PhaseFit.fit(List.of(new double[] {10_000, 15}, new double[] {30_000, 25}, new double[] {100_000, 60}));
    assertEquals(10, (double) line.get("fixed_seconds"), 1e-9);
    assertEquals(0.5, (double) line.get("seconds_per_1000_pairs"), 1e-9);
    assertEquals(1, (double) line.get("r2"), 1e-12);
    // (0,1), (1000,3), (2000,2): b = 0.5 per 1,000, a = 1.5, SSE = 0.25 + 1 + 0.25 = 1.5, SST = 2 → R² = 0.25
    Map<String, Object> f = PhaseFit.fit(List.of(new double[] {0, 1}, new double[] {1000, 3}, new double[] {2000, 2}));
    assertEquals(1.5, (double) f.get("fixed_seconds"), 1e-9);
    assertEquals(0.5, (double) f.get("seconds_per_1000_pairs"), 1e-9);
    assertEquals(0.25, (double) f.get("r2"), 1e-9);
    List<Map<String, Object>> pts = (List<Map<String, Object>>) f.get("points");
    assertEquals(-0.5, (double) pts.get(0).get("relative_residual"), 1e-9); // (1 − 1.5)/1
    JsonNode runs = Json.MAPPER.readTree("[{\"pairs\":10000,\"phases\":{\"eval\":{\"seconds\":15}}},"
        + "{\"pairs\":30000,\"phases\":{\"eval\":{\"seconds\":25}}}]");
    assertEquals(10, (double) ((Map<String, Object>) PhaseFit.perPhase(runs).get("eval")).get("fixed_seconds"), 1e-9);
  }
}
