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
import java.util.TreeSet;
import org.phenolip.core.io.Json;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.metrics.Retrieval;
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
    write(out, bench, settings, models, Map.of());
  }

  /** @param training each model's {@code training.json} by display name (models without one left out) */
  public static void write(Path out, BenchInfo bench, Map<String, Object> settings, List<ModelScores> models,
                           Map<String, Map<String, Object>> training) {
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
      json.put("training", training);
      Files.writeString(out.resolve("metrics.json"), Json.write(nanToNull(Json.MAPPER.valueToTree(json))), StandardCharsets.UTF_8);
      List<Table> tables = tables(bench, models);
      List<String> charts = charts(out, models);
      StringBuilder md = new StringBuilder("# PhenoLIP evaluation\n\n");
      if (bench != null) md.append("Benchmark `").append(bench.manifest()).append("`: ").append(bench.rows()).append(" rows scored of ")
          .append(bench.rowsRead()).append(" read, ").append(bench.phenotypes()).append(" phenotypes. All figures in %.\n\n");
      for (Table t : tables) md.append(t.markdown());
      md.append(TrainingSection.markdown(training));
      md.append("### Charts\n\n");
      for (String c : charts) md.append("![").append(c).append("](charts/").append(c).append(")\n\n");
      Files.writeString(out.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
      StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>PhenoLIP evaluation</title>\n"
          + "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;margin-bottom:1.5em}"
          + "td,th{border:1px solid #ccc;padding:3px 8px}td.n{text-align:right}img{max-width:100%}</style></head><body>\n"
          + "<h1>PhenoLIP evaluation</h1>\n");
      if (bench != null) h.append("<p>Benchmark <code>").append(Table.esc(bench.manifest())).append("</code>: ").append(bench.rows())
          .append(" rows scored of ").append(bench.rowsRead()).append(" read. All figures in %.</p>\n");
      for (Table t : tables) h.append(t.html());
      h.append(TrainingSection.html(training));
      for (String c : charts) h.append("<p><img src=\"charts/").append(c).append("\" alt=\"").append(c).append("\"></p>\n");
      h.append("</body></html>\n");
      Files.writeString(out.resolve("report.html"), h.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
    }
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

  static List<Table> tables(BenchInfo bench, List<ModelScores> models) {
    List<Table> out = new ArrayList<>();
    Set<String> systems = new TreeSet<>();
    for (ModelScores m : models) if (m.zeroShot() != null) systems.addAll(m.zeroShot().perSystem().keySet());
    if (!systems.isEmpty()) {
      for (String which : List.of("top1", "top5")) {
        List<String> head = new ArrayList<>(List.of("Model"));
        head.addAll(systems);
        head.add("PhenoBench (all)");
        head.add("Average");
        Table t = new Table("Zero-shot classification, " + (which.equals("top1") ? "top-1" : "top-5") + " accuracy", head);
        for (ModelScores m : models) {
          if (m.zeroShot() == null) continue;
          List<String> row = new ArrayList<>(List.of(m.name()));
          for (String s : systems) {
            var a = m.zeroShot().perSystem().get(s);
            row.add(a == null ? "–" : pct(which.equals("top1") ? a.top1() : a.top5()));
          }
          row.add(pct(which.equals("top1") ? m.zeroShot().overall().top1() : m.zeroShot().overall().top5()));
          row.add(pct(which.equals("top1") ? m.zeroShot().average().top1() : m.zeroShot().average().top5()));
          t.row(row);
        }
        out.add(t);
      }
    }
    if (models.stream().anyMatch(m -> m.retrieval() != null)) {
      List<String> head = new ArrayList<>(List.of("Model"));
      for (String task : Retrieval.TASKS) for (int k : new int[] {10, 50}) head.add(task.toUpperCase(Locale.ROOT) + " R@" + k);
      Table t = new Table("Retrieval, Recall@10 / Recall@50", head);
      for (ModelScores m : models) {
        if (m.retrieval() == null) continue;
        List<String> row = new ArrayList<>(List.of(m.name()));
        for (String task : Retrieval.TASKS) {
          Recall r = m.retrieval().get(task);
          row.add(pct(r.at(10)));
          row.add(pct(r.at(50)));
        }
        t.row(row);
      }
      out.add(t);
    }
    if (models.stream().anyMatch(m -> m.matching() != null)) {
      Table t = new Table("Phenotype matching (Face2Gene protocol)", List.of("Model", "R@5", "R@10", "R@50", "Precision", "Recall", "F1", "Predicted set"));
      for (ModelScores m : models) {
        var x = m.matching();
        if (x == null) continue;
        t.row(List.of(m.name(), pct(x.r5()), pct(x.r10()), pct(x.r50()), pct(x.precision()), pct(x.recall()), pct(x.f1()), x.prediction()));
      }
      out.add(t);
    }
    Set<String> datasets = new LinkedHashSet<>();
    for (ModelScores m : models) if (m.probes() != null) datasets.addAll(m.probes().keySet());
    if (!datasets.isEmpty()) {
      List<String> head = new ArrayList<>(List.of("Model"));
      List<String[]> cols = new ArrayList<>();
      for (String d : datasets) {
        for (ModelScores m : models) {
          LinearProbe.Result r = m.probes().get(d);
          if (r == null) continue;
          for (LinearProbe.Point p : r.points()) {
            String c = d + " " + LinearProbe.percent(p.fraction());
            if (!head.contains(c)) {
              head.add(c);
              cols.add(new String[] {d, LinearProbe.percent(p.fraction())});
            }
          }
        }
      }
      Table t = new Table("Linear probing, test accuracy (mean ± std over seeds)", head);
      for (ModelScores m : models) {
        List<String> row = new ArrayList<>(List.of(m.name()));
        for (String[] c : cols) {
          LinearProbe.Result r = m.probes().get(c[0]);
          LinearProbe.Point p = r == null ? null : r.points().stream().filter(x -> LinearProbe.percent(x.fraction()).equals(c[1])).findFirst().orElse(null);
          row.add(p == null ? "–" : pct(p.mean()) + " ± " + pct(p.std()));
        }
        t.row(row);
      }
      out.add(t);
    }
    if (bench != null) {
      Table t = new Table("Benchmark rows", List.of("System", "Rows"));
      bench.rowsBySystem().forEach((s, n) -> t.row(List.of(s, String.valueOf(n))));
      bench.rejectsByReason().forEach((r, n) -> t.row(List.of("rejected: " + r, String.valueOf(n))));
      out.add(t);
    }
    return out;
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
