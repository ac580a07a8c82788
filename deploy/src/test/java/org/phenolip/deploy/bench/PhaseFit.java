package org.phenolip.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a phase's time grows linearly with N: a least-squares fit t = a + b·N over the
 * benchmark's sizes (a: fixed cost, b: seconds per 1,000 pairs), its R², and each size's
 * residual relative to the measured time. Sublinear growth shows as a poor fit with a
 * negative residual at the largest N only when fixed costs dominate; superlinear growth as a
 * positive residual at the largest N.
 */
final class PhaseFit {
  private PhaseFit() {}

  /** One fit per phase of {@code runs} (ScaleBench's "runs": pairs and phases.*.seconds). */
  static Map<String, Object> perPhase(JsonNode runs) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (runs.size() < 2) return out;
    for (var it = runs.get(0).path("phases").fieldNames(); it.hasNext(); ) {
      String phase = it.next();
      List<double[]> points = new ArrayList<>();
      for (JsonNode r : runs) {
        JsonNode s = r.path("phases").path(phase).path("seconds");
        if (s.isNumber()) points.add(new double[] {r.path("pairs").asDouble(), s.asDouble()});
      }
      if (points.size() >= 2) out.put(phase, fit(points));
    }
    return out;
  }

  /** t = a + b·n by least squares over (n, t) points. */
  static Map<String, Object> fit(List<double[]> points) {
    int k = points.size();
    double mn = 0, mt = 0;
    for (double[] p : points) {
      mn += p[0] / k;
      mt += p[1] / k;
    }
    double snn = 0, snt = 0, stt = 0;
    for (double[] p : points) {
      snn += (p[0] - mn) * (p[0] - mn);
      snt += (p[0] - mn) * (p[1] - mt);
      stt += (p[1] - mt) * (p[1] - mt);
    }
    double b = snt / snn;
    double a = mt - b * mn;
    double sse = 0;
    List<Map<String, Object>> residuals = new ArrayList<>();
    for (double[] p : points) {
      double e = p[1] - (a + b * p[0]);
      sse += e * e;
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("pairs", (long) p[0]);
      r.put("seconds", p[1]);
      r.put("relative_residual", e / p[1]);
      residuals.add(r);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("fixed_seconds", a);
    m.put("seconds_per_1000_pairs", 1000 * b);
    m.put("r2", stt == 0 ? Double.NaN : 1 - sse / stt);
    m.put("points", residuals);
    return m;
  }
}
