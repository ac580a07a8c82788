package org.phenolip.eval.bench;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import java.util.Map;
import java.util.TreeMap;

/** What a reader kept and what it rejected; {@code rowsRead == items + rejects} always. */
public record Loaded(List<BenchItem> items, List<Reject> rejects, int rowsRead, Dataset<Row> frame) {
  /**
   * {@code frame}: the kept rows as a {@code BenchFrame} when their images stay on the executors
   * (inline bytes of a Parquet manifest), row i being {@code items.get(i)}; null when the items
   * say where each image is.
   */
  public Loaded {
    if (rowsRead != items.size() + rejects.size()) {
      throw new IllegalStateException("rows lost: read " + rowsRead + ", kept " + items.size() + ", rejected " + rejects.size());
    }
  }

  public Loaded(List<BenchItem> items, List<Reject> rejects, int rowsRead) {
    this(items, rejects, rowsRead, null);
  }

  public Map<String, Integer> rejectsByReason() {
    Map<String, Integer> m = new TreeMap<>();
    for (Reject r : rejects) m.merge(r.reason(), 1, Integer::sum);
    return m;
  }
}
