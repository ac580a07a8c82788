package org.phenolip.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ablation's arithmetic on an evaluation's {@code metrics.json}: per grid cell (a seed group
 * of the report) mean ± sd of each score over seeds, and paired differences between cells
 * (seed s of one cell against seed s of the other: same data order, same augmentation) with a
 * 95% Student-t interval over the seeds.
 */
public final class Ablation {
  private Ablation() {}

  /** Scores shown, in order (those the report lacks are skipped). */
  public static final List<String> SCORES = List.of("zero_shot/seen/top1", "zero_shot/unseen/top1", "zero_shot/micro/top1",
      "zero_shot/macro/top1", "retrieval/i2t/r10", "retrieval/t2i/r10", "retrieval/i2p/r10", "matching/r5");

  /** A comparison: {@code a − b}, paired by seed. */
  public record Comparison(String label, String a, String b) {}

  /** Mean, sd and the 95% interval of a set of per-seed values (differences or scores). */
  public record Stat(double mean, double sd, double lo, double hi, double[] values) {
    public Map<String, Object> toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mean", mean);
      m.put("sd", sd);
      m.put("ci95", new double[] {lo, hi});
      m.put("values", values);
      return m;
    }
  }

  /** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
      2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

  static double t975(int df) {
    return df < 1 ? Double.NaN : df <= T975.length ? T975[df - 1] : 1.96;
  }

  public static Stat stat(double[] v) {
    int n = v.length;
    double mean = 0;
    for (double x : v) mean += x / n;
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    double sd = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
    double half = n < 2 ? Double.NaN : t975(n - 1) * sd / Math.sqrt(n);
    return new Stat(mean, sd, mean - half, mean + half, v);
  }

  /** Per-seed values of {@code score} for the seed group {@code cell}; null when absent. */
  static double[] values(JsonNode metrics, String cell, String score) {
    for (JsonNode g : metrics.path("seed_groups")) {
      if (!g.path("name").asText().equals(cell)) continue;
      JsonNode v = g.path("scores").path(score).path("values");
      if (v.isMissingNode()) return null;
      double[] out = new double[v.size()];
      for (int i = 0; i < out.length; i++) out[i] = v.get(i).isNull() ? Double.NaN : v.get(i).asDouble();
      return out;
    }
    return null;
  }

  /** Chance of a zero-shot score, the same for every model (from the first). */
  static double chance(JsonNode metrics, String score) {
    String[] p = score.split("/");
    JsonNode z = metrics.path("models").path(0).path("zero_shot");
    if (!p[0].equals("zero_shot")) {
      JsonNode r = metrics.path("models").path(0).path(p[0]).path(p.length > 2 ? p[1] : "");
      JsonNode c = (p.length > 2 ? r : metrics.path("models").path(0).path(p[0])).path(p[p.length - 1] + "_chance");
      return c.isNumber() ? c.asDouble() : Double.NaN;
    }
    JsonNode a = switch (p[1]) {
      case "micro" -> z.path("overall");
      case "macro" -> z.path("average");
      case "seen", "unseen" -> z.path("splits").path(p[1]);
      default -> z.path("per_system").path(p[1]);
    };
    JsonNode c = a.path(p[2] + "_chance");
    return c.isNumber() ? c.asDouble() : Double.NaN;
  }

  /** The ablation as JSON: cells × scores and comparisons × scores. */
  public static Map<String, Object> analyse(JsonNode metrics, List<String> cells, List<Comparison> comparisons) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> scores = new ArrayList<>();
    for (String s : SCORES) if (values(metrics, cells.get(0), s) != null) scores.add(s);
    out.put("scores", scores);
    Map<String, Object> chance = new LinkedHashMap<>();
    for (String s : scores) chance.put(s, chance(metrics, s));
    out.put("chance", chance);
    Map<String, Object> cellJson = new LinkedHashMap<>();
    for (String c : cells) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String s : scores) {
        double[] v = values(metrics, c, s);
        if (v != null) m.put(s, stat(v).toJson());
      }
      cellJson.put(c, m);
    }
    out.put("cells", cellJson);
    Map<String, Object> cmp = new LinkedHashMap<>();
    for (Comparison k : comparisons) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String s : scores) {
        double[] a = values(metrics, k.a(), s), b = values(metrics, k.b(), s);
        if (a == null || b == null || a.length != b.length) continue;
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) d[i] = a[i] - b[i];
        m.put(s, stat(d).toJson());
      }
      cmp.put(k.label(), m);
    }
    out.put("comparisons", cmp);
    return out;
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  static String signed(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f", 100 * v);
  }

  /** Markdown: one table of cells (mean ± sd), one of paired differences (mean [95% CI]). */
  @SuppressWarnings("unchecked")
  public static String markdown(Map<String, Object> a, int seeds) {
    List<String> scores = (List<String>) a.get("scores");
    StringBuilder b = new StringBuilder();
    b.append("| cell (").append(seeds).append(" seeds, mean ± sd, %) | ").append(String.join(" | ", scores)).append(" |\n|---|");
    b.append("---:|".repeat(scores.size())).append('\n');
    b.append("| chance |");
    for (String s : scores) b.append(' ').append(pct((Double) ((Map<String, Object>) a.get("chance")).get(s))).append(" |");
    b.append('\n');
    ((Map<String, Object>) a.get("cells")).forEach((cell, m) -> {
      b.append("| ").append(cell).append(" |");
      for (String s : scores) {
        Map<String, Object> st = (Map<String, Object>) ((Map<String, Object>) m).get(s);
        b.append(' ').append(st == null ? "–" : pct((Double) st.get("mean")) + " ± " + pct((Double) st.get("sd"))).append(" |");
      }
      b.append('\n');
    });
    b.append("\n| paired difference (points, mean [95% t-interval over seeds]) | ").append(String.join(" | ", scores)).append(" |\n|---|");
    b.append("---:|".repeat(scores.size())).append('\n');
    ((Map<String, Object>) a.get("comparisons")).forEach((label, m) -> {
      b.append("| ").append(label).append(" |");
      for (String s : scores) {
        Map<String, Object> st = (Map<String, Object>) ((Map<String, Object>) m).get(s);
        if (st == null) {
          b.append(" – |");
          continue;
        }
        double[] ci = (double[]) st.get("ci95");
        b.append(' ').append(signed((Double) st.get("mean"))).append(" [").append(signed(ci[0])).append(", ").append(signed(ci[1])).append("] |");
      }
      b.append('\n');
    });
    return b.toString();
  }
}
