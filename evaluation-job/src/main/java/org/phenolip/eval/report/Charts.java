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
    for (ModelScores m : models) {
      if (m.zeroShot() == null) continue;
      List<String> x = new ArrayList<>(m.zeroShot().perSystem().keySet());
      List<Double> y = new ArrayList<>();
      m.zeroShot().perSystem().values().forEach(a -> y.add(100 * a.top1()));
      x.add("Average");
      y.add(100 * m.zeroShot().average().top1());
      c.addSeries(m.name(), x, y);
    }
    save(c, png);
  }

  static void recallCurve(List<ModelScores> models, String task, Path png) {
    XYChart c = new XYChartBuilder().width(600).height(400).title("Recall@K, " + task.toUpperCase(java.util.Locale.ROOT))
        .xAxisTitle("K").yAxisTitle("Recall@K (%)").build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(0);
    double[] k = new double[Recall.CURVE_MAX];
    for (int i = 0; i < k.length; i++) k[i] = i + 1;
    for (ModelScores m : models) {
      if (m.retrieval() == null || m.retrieval().get(task) == null) continue;
      double[] y = m.retrieval().get(task).curve().clone();
      for (int i = 0; i < y.length; i++) y[i] = Double.isNaN(y[i]) ? 0 : 100 * y[i];
      c.addSeries(m.name(), k, y);
    }
    save(c, png);
  }

  static void probe(List<ModelScores> models, String dataset, Path png) {
    XYChart c = new XYChartBuilder().width(600).height(400).title("Linear probe, " + dataset)
        .xAxisTitle("training data used (%)").yAxisTitle("test accuracy (%)").build();
    c.getStyler().setXAxisLogarithmic(true).setLegendPosition(Styler.LegendPosition.InsideSE);
    for (ModelScores m : models) {
      LinearProbe.Result r = m.probes() == null ? null : m.probes().get(dataset);
      if (r == null) continue;
      int n = r.points().size();
      double[] x = new double[n], y = new double[n], e = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 100 * r.points().get(i).fraction();
        y[i] = 100 * r.points().get(i).mean();
        e[i] = 100 * r.points().get(i).std();
      }
      c.addSeries(m.name(), x, y, e);
    }
    save(c, png);
  }

  private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Path png) {
    try {
      BitmapEncoder.saveBitmap(c, png.toString().replaceFirst("\\.png$", ""), BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write chart " + png + ": " + e.getMessage(), e);
    }
  }
}
