package org.phenolip.eval.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.bench.Loaded;

/** What the benchmark held: rows read, kept, rejected (by reason), rows and phenotypes per system. */
public record BenchInfo(String manifest, int rowsRead, int rows, Map<String, Integer> rejectsByReason,
    Map<String, Integer> rowsBySystem, int phenotypes) {

  public static BenchInfo of(String manifest, Loaded l) {
    Map<String, Integer> bySystem = new TreeMap<>();
    java.util.Set<String> ph = new java.util.HashSet<>();
    for (BenchItem it : l.items()) {
      bySystem.merge(it.system(), 1, Integer::sum);
      ph.addAll(it.phenotypes());
    }
    return new BenchInfo(manifest, l.rowsRead(), l.items().size(), l.rejectsByReason(), bySystem, ph.size());
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifest", manifest);
    m.put("rows_read", rowsRead);
    m.put("rows", rows);
    m.put("rejected", rowsRead - rows);
    m.put("rejects_by_reason", rejectsByReason);
    m.put("rows_by_system", rowsBySystem);
    m.put("phenotypes", phenotypes);
    return m;
  }
}
