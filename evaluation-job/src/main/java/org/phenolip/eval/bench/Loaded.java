package org.phenolip.eval.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a reader kept and what it rejected; {@code rowsRead == items + rejects} always. */
public record Loaded(List<BenchItem> items, List<Reject> rejects, int rowsRead) {
  public Loaded {
    if (rowsRead != items.size() + rejects.size()) {
      throw new IllegalStateException("rows lost: read " + rowsRead + ", kept " + items.size() + ", rejected " + rejects.size());
    }
  }

  public Map<String, Integer> rejectsByReason() {
    Map<String, Integer> m = new TreeMap<>();
    for (Reject r : rejects) m.merge(r.reason(), 1, Integer::sum);
    return m;
  }
}
