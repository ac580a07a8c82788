package org.phenolip.kg.rdf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export or graph build did, per PhenoKG dataset: rows read, rows written, rows
 * rejected (with the first reasons as samples) and triples. Invariant for every dataset:
 * {@code rows == written + rejected}. Serialises to JSON with core {@code Json}.
 */
public record RdfStats(String kg, List<DatasetStats> datasets, long triples, long rejected, List<Reject> rejectSamples) {

  /** Per-dataset counts; {@code present} is false when the KG has no such folder. */
  public record DatasetStats(String dataset, boolean present, long rows, long written, long rejected, long triples) {}

  /** A rejected row: its dataset, its key (id, pair_id...) and why. */
  public record Reject(String dataset, String key, String reason) {}

  public static final int MAX_SAMPLES = 50;

  public DatasetStats dataset(String name) {
    return datasets.stream().filter(d -> d.dataset().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no dataset " + name + " in stats"));
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (DatasetStats d : datasets) {
      if (!d.present()) {
        sb.append(String.format("  %-14s absent%n", d.dataset()));
      } else {
        sb.append(String.format("  %-14s rows=%d written=%d rejected=%d triples=%d%n",
            d.dataset(), d.rows(), d.written(), d.rejected(), d.triples()));
      }
    }
    sb.append(String.format("  total triples=%d rejected rows=%d", triples, rejected));
    for (Reject r : rejectSamples) {
      sb.append(String.format("%n  reject %s %s: %s", r.dataset(), r.key(), r.reason()));
    }
    return sb.toString();
  }

  /** Accumulates counts while rows stream through. */
  static final class Builder {
    private final String kg;
    private final Map<String, long[]> counts = new LinkedHashMap<>(); // rows, written, rejected, triples
    private final Map<String, Boolean> present = new LinkedHashMap<>();
    private final List<Reject> samples = new ArrayList<>();

    Builder(String kg) {
      this.kg = kg;
    }

    void absent(String dataset) {
      present.put(dataset, false);
      counts.put(dataset, new long[4]);
    }

    void written(String dataset, int triples) {
      long[] c = slot(dataset);
      c[0]++;
      c[1]++;
      c[3] += triples;
    }

    void triplesOnly(String dataset, int triples) {
      slot(dataset)[3] += triples;
    }

    void rejected(String dataset, String key, String reason) {
      long[] c = slot(dataset);
      c[0]++;
      c[2]++;
      if (samples.size() < MAX_SAMPLES) samples.add(new Reject(dataset, key, reason));
    }

    private long[] slot(String dataset) {
      present.putIfAbsent(dataset, true);
      return counts.computeIfAbsent(dataset, k -> new long[4]);
    }

    RdfStats build() {
      List<DatasetStats> ds = new ArrayList<>();
      long triples = 0;
      long rejected = 0;
      for (var e : counts.entrySet()) {
        long[] c = e.getValue();
        ds.add(new DatasetStats(e.getKey(), present.get(e.getKey()), c[0], c[1], c[2], c[3]));
        triples += c[3];
        rejected += c[2];
      }
      return new RdfStats(kg, List.copyOf(ds), triples, rejected, List.copyOf(samples));
    }
  }
}
