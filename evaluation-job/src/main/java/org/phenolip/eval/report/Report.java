package org.phenolip.eval.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phenolip.core.io.Json;
import org.phenolip.eval.metrics.Interval;
import org.phenolip.eval.metrics.Matching;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.metrics.Retrieval;
import org.phenolip.eval.metrics.ZeroShot;
import org.phenolip.eval.probe.LinearProbe;
import org.phenolip.eval.run.ModelScores;

/**
 * Writes {@code metrics.json}, {@code report.md} and {@code report.html} (+ {@code charts/*.png})
 * for one or more models side by side. metrics.json keys (schema {@value #SCHEMA}):
 * <pre>
 * schema, created, settings{...}, bench{manifest, rows_read, rows, rejected, rejects_by_reason,
 *   rows_by_system, phenotypes},
 * models[]{name, source,
 *   zero_shot{candidates, per_system{SYSTEM{n, unscorable, top1, top5}}, average{...}, overall{...}},
 *   retrieval{i2t|t2i|i2p|p2i{n, unscorable, r1, r5, r10, r50, median_rank, curve[50]}},
 *   matching{n, r5, r10, r50, precision, recall, f1, prediction},
 *   linear_probe{DATASET{classes, train, test, fractions{"1%"{fraction, train_rows, accuracy_mean,
 *     accuracy_std, runs[]}}}},
 *   timing{embedded_items, embed_seconds}}
 * </pre>
 * All scores are fractions in [0, 1] (NaN as null where nothing was scorable); the tables show percent.
 */
public final class Report {
  public static final String SCHEMA = "phenolip-eval/1";

  private Report() {}

  public static void write(Path out, BenchInfo bench, Map<String, Object> settings, List<ModelScores> models) {
    try {
      Files.createDirectories(out.resolve("charts"));
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("schema", SCHEMA);
      json.put("created", Instant.now().toString());
      json.put("settings", settings);
      json.put("bench", bench == null ? null : bench.toJson());
      List<Object> ms = new ArrayList<>();
      for (ModelScores m : models) ms.add(m.toJson());
      json.put("models", ms);
      json.put("seed_groups", seedGroupsJson(models));
      Files.writeString(out.resolve("metrics.json"), Json.write(nanToNull(Json.MAPPER.valueToTree(json))), StandardCharsets.UTF_8);
      List<Table> tables = tables(bench, models);
      List<String> charts = charts(out, models);
      StringBuilder md = new StringBuilder("# PhenoLIP evaluation\n\n");
      for (String w : warnings(models)) md.append("**<span style=\"color:red\">").append(w).append("</span>**\n\n");
      if (bench != null) md.append("Benchmark `").append(bench.manifest()).append("`: ").append(bench.rows()).append(" rows scored of ")
          .append(bench.rowsRead()).append(" read, ").append(bench.phenotypes()).append(" phenotypes. All figures in %.\n\n");
      for (Table t : tables) md.append(t.markdown());
      md.append("### Charts\n\n");
      for (String c : charts) md.append("![").append(c).append("](charts/").append(c).append(")\n\n");
      Files.writeString(out.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PhenoLIP evaluation</title>\n"
          + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}"
          + "td,th{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right}img{max-width:100%}</style></head><body>\n"
          + "<h1>PhenoLIP evaluation</h1>\n");
      for (String w : warnings(models)) h.append("<p style=\"color:red;font-weight:bold\">").append(Table.esc(w)).append("</p>\n");
      if (bench != null) h.append("<p>Benchmark <code>").append(Table.esc(bench.manifest())).append("</code>: ").append(bench.rows())
          .append(" rows scored of ").append(bench.rowsRead()).append(" read. All figures in %.</p>\n");
      for (Table t : tables) h.append(t.html());
      for (String c : charts) h.append("<p><img src=\"charts/").append(c).append("\" alt=\"").append(c).append("\"></p>\n");
      h.append("</body></html>\n");
      Files.writeString(out.resolve("report.html"), h.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
    }
  }

  /** Red notes: models whose training data overlaps the benchmark (scored only with --allow-overlap). */
  static List<String> warnings(List<ModelScores> models) {
    List<String> w = new ArrayList<>();
    for (ModelScores m : models) {
      if (m.overlap() != null) w.add("WARNING: " + m.name() + " was trained on data that overlaps the benchmark (" + m.overlap()
          + "); its scores are not held-out scores.");
    }
    return w;
  }

  /** JSON has no NaN: a score with nothing to score becomes null. */
  static com.fasterxml.jackson.databind.JsonNode nanToNull(com.fasterxml.jackson.databind.JsonNode n) {
    if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
      var names = new ArrayList<String>();
      o.fieldNames().forEachRemaining(names::add);
      for (String f : names) o.set(f, nanToNull(o.get(f)));
    } else if (n instanceof com.fasterxml.jackson.databind.node.ArrayNode a) {
      for (int i = 0; i < a.size(); i++) a.set(i, nanToNull(a.get(i)));
    } else if (n != null && n.isNumber() && Double.isNaN(n.asDouble())) {
      return com.fasterxml.jackson.databind.node.NullNode.getInstance();
    }
    return n;
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  /** Models that share a name are seeds of one model: shown as mean ± sd, with the per-seed values. */
  static Map<String, List<ModelScores>> groups(List<ModelScores> models) {
    Map<String, List<ModelScores>> g = new LinkedHashMap<>();
    for (ModelScores m : models) g.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
    return g;
  }

  static List<Table> tables(BenchInfo bench, List<ModelScores> models) {
    Map<String, List<ModelScores>> groups = groups(models);
    List<Table> out = new ArrayList<>();
    out.addAll(zeroShotTables(groups));
    retrievalTable(groups).ifPresent(out::add);
    matchingTable(groups).ifPresent(out::add);
    probeTable(groups).ifPresent(out::add);
    seedTable(groups).ifPresent(out::add);
    if (bench != null) out.add(benchTable(bench));
    return out;
  }

  /** "v [lo–hi]" for one run; "mean ± sd (n seeds)" for a seed group. */
  static String cell(List<ModelScores> runs, java.util.function.Function<ModelScores, Double> value,
      java.util.function.Function<ModelScores, Interval> ci) {
    List<Double> v = new ArrayList<>();
    for (ModelScores m : runs) {
      Double x = value.apply(m);
      if (x != null) v.add(x);
    }
    if (v.isEmpty()) return "–";
    if (v.size() == 1) {
      Interval i = ci == null ? null : ci.apply(runs.get(0));
      return pct(v.get(0)) + (i == null || Double.isNaN(i.lo()) ? "" : " [" + pct(i.lo()) + "–" + pct(i.hi()) + "]");
    }
    double[] ms = Interval.meanSd(v.stream().mapToDouble(Double::doubleValue).toArray());
    return pct(ms[0]) + " ± " + pct(ms[1]);
  }

  static String count(double v) {
    return Double.isNaN(v) ? "–" : v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static List<String> head(String first, Map<String, List<ModelScores>> groups) {
    List<String> h = new ArrayList<>(List.of(first, "n", "candidates", "chance"));
    groups.forEach((name, runs) -> h.add(runs.size() > 1 ? name + " (" + runs.size() + " seeds)" : name));
    return h;
  }

  static List<Table> zeroShotTables(Map<String, List<ModelScores>> groups) {
    List<Table> out = new ArrayList<>();
    ModelScores ref = groups.values().stream().flatMap(List::stream).filter(m -> m.zeroShot() != null).findFirst().orElse(null);
    if (ref == null) return out;
    for (boolean top1 : new boolean[] {true, false}) {
      Table t = new Table("Zero-shot classification, " + (top1 ? "top-1" : "top-5") + " accuracy [95% Wilson interval; macro: bootstrap]",
          head("Stratum", groups));
      List<String> strata = new ArrayList<>(ref.zeroShot().perSystem().keySet());
      strata.add(MICRO);
      strata.add(MACRO);
      for (String sp : ref.zeroShot().splits().keySet()) strata.add(SPLIT + sp);
      for (String st : strata) {
        ZeroShot.Accuracy r = accuracy(ref.zeroShot(), st);
        String label = st.equals(MICRO) ? "micro (all rows)" : st.equals(MACRO) ? "macro (" + r.candidates() + " strata)"
            : st.startsWith(SPLIT) ? st.substring(SPLIT.length()) + " phenotypes (micro)"
            : r.excluded() != null ? st + " † (" + r.excluded() + ")" : st;
        List<String> row = new ArrayList<>(List.of(label, String.valueOf(r.n()), st.equals(MACRO) || st.startsWith(SPLIT) ? "–" : String.valueOf(r.candidates()),
            pct(top1 ? r.chance1() : r.chance5())));
        for (List<ModelScores> runs : groups.values()) {
          row.add(cell(runs, m -> {
            ZeroShot.Accuracy a = m.zeroShot() == null ? null : accuracy(m.zeroShot(), st);
            return a == null ? null : top1 ? a.top1() : a.top5();
          }, m -> {
            ZeroShot.Accuracy a = accuracy(m.zeroShot(), st);
            return top1 ? a.ci1() : a.ci5();
          }));
        }
        t.row(row);
      }
      if (!ref.zeroShot().splits().isEmpty()) t.note("seen / unseen: rows without / with a phenotype held out of training (build-bench --holdout-*),"
          + " scored against the same candidates.");
      t.note("† shown but left out of the macro average (fewer than " + ZeroShot.MIN_CANDIDATES + " candidates or "
          + ZeroShot.MIN_ROWS + " rows). Chance = expected accuracy of a random ranking of each row's candidates, multi-label rows included.");
      out.add(t);
    }
    return out;
  }

  static final String MICRO = "*micro", MACRO = "*macro", SPLIT = "*split:";

  static ZeroShot.Accuracy accuracy(ZeroShot.Result z, String stratum) {
    if (stratum.startsWith(SPLIT)) return z.splits().get(stratum.substring(SPLIT.length()));
    return stratum.equals(MICRO) ? z.overall() : stratum.equals(MACRO) ? z.average() : z.perSystem().get(stratum);
  }

  static java.util.Optional<Table> retrievalTable(Map<String, List<ModelScores>> groups) {
    ModelScores ref = groups.values().stream().flatMap(List::stream).filter(m -> m.retrieval() != null).findFirst().orElse(null);
    if (ref == null) return java.util.Optional.empty();
    Table t = new Table("Retrieval, Recall@K [95% bootstrap interval over queries]", head("Task", groups));
    for (String task : Retrieval.TASKS) {
      for (int k : new int[] {1, 10, 50}) {
        Recall r = ref.retrieval().get(task);
        List<String> row = new ArrayList<>(List.of(task.toUpperCase(Locale.ROOT) + " R@" + k, String.valueOf(r.n()), count(r.candidates()), pct(r.chanceAt(k))));
        for (List<ModelScores> runs : groups.values()) {
          row.add(cell(runs, m -> m.retrieval() == null ? null : m.retrieval().get(task).at(k), m -> m.retrieval().get(task).ciAt(k)));
        }
        t.row(row);
      }
    }
    t.note("candidates: per query (mean when they differ). Chance = expected Recall@K of a random ranking given each query's correct candidates.");
    return java.util.Optional.of(t);
  }

  static java.util.Optional<Table> matchingTable(Map<String, List<ModelScores>> groups) {
    ModelScores ref = groups.values().stream().flatMap(List::stream).filter(m -> m.matching() != null).findFirst().orElse(null);
    if (ref == null) return java.util.Optional.empty();
    Matching.Result x = ref.matching();
    Table t = new Table("Phenotype matching (Face2Gene protocol; predicted set " + x.prediction() + ") [95% bootstrap interval over images]",
        head("Score", groups));
    for (int i = 0; i < Matching.SCORES.size(); i++) {
      String s = Matching.SCORES.get(i);
      final int idx = i;
      List<String> row = new ArrayList<>(List.of(s.matches("r\\d+") ? "R@" + s.substring(1) : s, String.valueOf(x.n()), String.valueOf(x.candidates()), pct(x.chance()[i])));
      for (List<ModelScores> runs : groups.values()) row.add(cell(runs, m -> m.matching() == null ? null : m.matching().value(s), m -> m.matching().ci()[idx]));
      t.row(row);
    }
    return java.util.Optional.of(t);
  }

  static java.util.Optional<Table> probeTable(Map<String, List<ModelScores>> groups) {
    Set<String> datasets = new LinkedHashSet<>();
    for (List<ModelScores> runs : groups.values()) for (ModelScores m : runs) if (m.probes() != null) datasets.addAll(m.probes().keySet());
    if (datasets.isEmpty()) return java.util.Optional.empty();
    List<String> h = head("Dataset, training data", groups);
    h.set(1, "test n");
    h.set(2, "classes");
    Table t = new Table("Linear probing, test accuracy (mean ± std over probe seeds) [95% Wilson interval of the mean]", h);
    for (String d : datasets) {
      ModelScores ref = groups.values().stream().flatMap(List::stream).filter(m -> m.probes() != null && m.probes().containsKey(d)).findFirst().get();
      LinearProbe.Result rr = ref.probes().get(d);
      for (LinearProbe.Point p0 : rr.points()) {
        String frac = LinearProbe.percent(p0.fraction());
        Double chance = ref.probeChance() == null ? null : ref.probeChance().get(d);
        List<String> row = new ArrayList<>(List.of(d + " " + frac, String.valueOf(rr.test()), String.valueOf(rr.classes()),
            chance == null ? "–" : pct(chance)));
        for (List<ModelScores> runs : groups.values()) {
          if (runs.size() > 1) {
            row.add(cell(runs, m -> point(m, d, frac) == null ? null : point(m, d, frac).mean(), null));
          } else {
            LinearProbe.Point p = point(runs.get(0), d, frac);
            if (p == null) {
              row.add("–");
              continue;
            }
            int test = runs.get(0).probes().get(d).test();
            Interval w = Interval.wilson((int) Math.round(p.mean() * test), test);
            row.add(pct(p.mean()) + " ± " + pct(p.std()) + " [" + pct(w.lo()) + "–" + pct(w.hi()) + "]");
          }
        }
        t.row(row);
      }
    }
    t.note("chance = the test split's majority-class share (a probe that learned nothing).");
    return java.util.Optional.of(t);
  }

  static LinearProbe.Point point(ModelScores m, String dataset, String frac) {
    LinearProbe.Result r = m.probes() == null ? null : m.probes().get(dataset);
    return r == null ? null : r.points().stream().filter(x -> LinearProbe.percent(x.fraction()).equals(frac)).findFirst().orElse(null);
  }

  /** Per-seed values of every score, for the models scored over several seeds. */
  static java.util.Optional<Table> seedTable(Map<String, List<ModelScores>> groups) {
    Map<String, List<ModelScores>> multi = new LinkedHashMap<>();
    groups.forEach((k, v) -> {
      if (v.size() > 1) multi.put(k, v);
    });
    if (multi.isEmpty()) return java.util.Optional.empty();
    List<String> h = new ArrayList<>(List.of("Score"));
    multi.keySet().forEach(h::add);
    Table t = new Table("Per-seed values (models scored over several seeds)", h);
    Set<String> keys = new LinkedHashSet<>();
    multi.values().forEach(runs -> runs.forEach(m -> keys.addAll(m.scalars().keySet())));
    for (String k : keys) {
      List<String> row = new ArrayList<>(List.of(k));
      for (List<ModelScores> runs : multi.values()) {
        List<String> v = new ArrayList<>();
        for (ModelScores m : runs) v.add(pct(m.scalars().getOrDefault(k, Double.NaN)));
        row.add(String.join(" / ", v));
      }
      t.row(row);
    }
    return java.util.Optional.of(t);
  }

  /** Per seed group (more than one run of one name): mean, sd and per-seed values of every score. */
  static List<Object> seedGroupsJson(List<ModelScores> models) {
    List<Object> out = new ArrayList<>();
    groups(models).forEach((name, runs) -> {
      if (runs.size() < 2) return;
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("name", name);
      g.put("seeds", runs.size());
      Map<String, Object> scores = new LinkedHashMap<>();
      Set<String> keys = new LinkedHashSet<>();
      runs.forEach(m -> keys.addAll(m.scalars().keySet()));
      for (String k : keys) {
        double[] v = runs.stream().mapToDouble(m -> m.scalars().getOrDefault(k, Double.NaN)).toArray();
        double[] ms = Interval.meanSd(v);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("mean", ms[0]);
        e.put("sd", ms[1]);
        e.put("values", v);
        scores.put(k, e);
      }
      g.put("scores", scores);
      out.add(g);
    });
    return out;
  }

  static Table benchTable(BenchInfo bench) {
    Table t = new Table("Benchmark rows", List.of("System", "Rows"));
    bench.rowsBySystem().forEach((s, n) -> t.row(List.of(s, String.valueOf(n))));
    bench.rejectsByReason().forEach((r, n) -> t.row(List.of("rejected: " + r, String.valueOf(n))));
    return t;
  }

  static List<String> charts(Path out, List<ModelScores> models) {
    List<String> names = new ArrayList<>();
    Path dir = out.resolve("charts");
    if (models.stream().anyMatch(m -> m.zeroShot() != null)) {
      Charts.zeroShotPerSystem(models, dir.resolve("zero_shot_per_system.png"));
      names.add("zero_shot_per_system.png");
    }
    if (models.stream().anyMatch(m -> m.retrieval() != null)) {
      for (String task : Retrieval.TASKS) {
        Charts.recallCurve(models, task, dir.resolve("recall_" + task + ".png"));
        names.add("recall_" + task + ".png");
      }
    }
    Set<String> datasets = new LinkedHashSet<>();
    for (ModelScores m : models) if (m.probes() != null) datasets.addAll(m.probes().keySet());
    for (String d : datasets) {
      String f = "probe_" + d.replaceAll("[^A-Za-z0-9_.-]", "_") + ".png";
      Charts.probe(models, d, dir.resolve(f));
      names.add(f);
    }
    return names;
  }
}
