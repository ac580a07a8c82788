package org.phenolip.eval.run;

import java.util.LinkedHashMap;
import java.util.Map;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.probe.LinearProbe;

/** Everything measured for one model (null parts were not run). */
public record ModelScores(String name, String source, ZeroShot.Result zeroShot, Map<String, Recall> retrieval,
    Matching.Result matching, Map<String, LinearProbe.Result> probes, double embedSeconds, int embedded) {

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("source", source);
    m.put("zero_shot", zeroShot == null ? null : zeroShot.toJson());
    if (retrieval != null) {
      Map<String, Object> r = new LinkedHashMap<>();
      retrieval.forEach((k, v) -> r.put(k, v.toJson()));
      m.put("retrieval", r);
    } else {
      m.put("retrieval", null);
    }
    m.put("matching", matching == null ? null : matching.toJson());
    Map<String, Object> p = new LinkedHashMap<>();
    if (probes != null) probes.forEach((k, v) -> p.put(k, v.toJson()));
    m.put("linear_probe", p);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("embedded_items", embedded);
    t.put("embed_seconds", embedSeconds);
    m.put("timing", t);
    return m;
  }
}
