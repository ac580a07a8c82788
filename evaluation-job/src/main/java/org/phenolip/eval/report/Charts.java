package org.phenolip.eval.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.phenolip.eval.metrics.Recall;
import org.phenolip.eval.probe.LinearProbe;
import org.phenolip.eval.run.ModelScores;

/** The report's PNG charts (XChart, headless). */
final class Charts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  static void zeroShotPerSystem(List<ModelScores> models, Path png) {
    CategoryChart c = new CategoryChartBuilder().width(900).height(450).title("Zero-shot top-1 accuracy per system")
        .xAxisTitle("system").yAxisTitle("top-1 accuracy (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setXAxisLabelRotation(30);
    List<String> names = seriesNames(models);
    ModelScores ref = null;
    for (int i = 0; i < models.size(); i++) {
      ModelScores m = models.get(i);
      if (m.zeroShot() == null) continue;
      ref = ref == null ? m : ref;
      List<String> x = new ArrayList<>(m.zeroShot().perSystem().keySet());
      List<Double> y = new ArrayList<>();
      m.zeroShot().perSystem().values().forEach(a -> y.add(nz(100 * a.top1())));
      x.add("macro");
      y.add(nz(100 * m.zeroShot().average().top1()));
      c.addSeries(names.get(i), x, y);
    }
    if (ref != null) {
      // Chance depends only on the candidate sets, the same for every model.
      List<String> x = new ArrayList<>(ref.zeroShot().perSystem().keySet());
      List<Double> y = new ArrayList<>();
      ref.zeroShot().perSystem().values().forEach(a -> y.add(nz(100 * a.chance1())));
      x.add("macro");
      y.add(nz(100 * ref.zeroShot().average().chance1()));
      c.addSeries("chance", x, y);
    }
    save(c, png);
  }

  static void recallCurve(List<ModelScores> models, String task, Path png) {
    XYChart c = new XYChartBuilder().width(600).height(400).title("Recall@K, " + task.toUpperCase(java.util.Locale.ROOT))
        .xAxisTitle("K").yAxisTitle("Recall@K (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(0);
    double[] k = new double[Recall.CURVE_MAX];
    for (int i = 0; i < k.length; i++) k[i] = i + 1;
    List<String> names = seriesNames(models);
    for (int j = 0; j < models.size(); j++) {
      ModelScores m = models.get(j);
      if (m.retrieval() == null || m.retrieval().get(task) == null) continue;
      double[] y = m.retrieval().get(task).curve().clone();
      for (int i = 0; i < y.length; i++) y[i] = Double.isNaN(y[i]) ? 0 : 100 * y[i];
      c.addSeries(names.get(j), k, y);
    }
    save(c, png);
  }

  static void probe(List<ModelScores> models, String dataset, Path png) {
    XYChart c = new XYChartBuilder().width(600).height(400).title("Linear probe, " + dataset)
        .xAxisTitle("training data used (%)").yAxisTitle("test accuracy (%)").build();
    c.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideSE);
    List<String> names = seriesNames(models);
    for (int j = 0; j < models.size(); j++) {
      ModelScores m = models.get(j);
      LinearProbe.Result r = m.probes() == null ? null : m.probes().get(dataset);
      if (r == null) continue;
      int n = r.points().size();
      double[] x = new double[n], y = new double[n], e = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 100 * r.points().get(i).fraction();
        y[i] = 100 * r.points().get(i).mean();
        e[i] = 100 * r.points().get(i).std();
      }
      c.addSeries(names.get(j), x, y, e);
    }
    save(c, png);
  }

  private static double nz(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  /** Series names must be unique: seeds of one model get " #1", " #2", ... */
  static List<String> seriesNames(List<ModelScores> models) {
    java.util.Map<String, Integer> total = new java.util.HashMap<>(), seen = new java.util.HashMap<>();
    for (ModelScores m : models) total.merge(m.name(), 1, Integer::sum);
    List<String> out = new ArrayList<>();
    for (ModelScores m : models) {
      int i = seen.merge(m.name(), 1, Integer::sum);
      out.add(total.get(m.name()) > 1 ? m.name() + " #" + i : m.name());
    }
    return out;
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Path png) {
    try {
      BitmapEncoder.saveBitmap(c, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png + ": " + e.getMessage(), e);
    }
  }
}
