package org.phenolip.curate.subfigure;

import java.util.List;

/** Precision/recall at an IoU threshold (greedy one-to-one matching, best IoU first) and exact counts. */
public final class DetectionScore {
  public long truePositives;
  public long predicted;
  public long actual;
  public long figures;
  public long exactCount;

  public void add(List<Box> pred, List<Box> gt, double iou) {
    figures++;
    predicted += pred.size();
    actual += gt.size();
    if (pred.size() == gt.size()) exactCount++;
    boolean[] used = new boolean[pred.size()];
    for (Box g : gt) {
      int best = -1;
      double bestIou = iou;
      for (int i = 0; i < pred.size(); i++) {
        double v = used[i] ? -1 : pred.get(i).iou(g);
        if (v >= bestIou) { bestIou = v; best = i; }
      }
      if (best >= 0) { used[best] = true; truePositives++; }
    }
  }

  public double precision() { return predicted == 0 ? 0 : (double) truePositives / predicted; }
  public double recall() { return actual == 0 ? 0 : (double) truePositives / actual; }
  public double exactCountRate() { return figures == 0 ? 0 : (double) exactCount / figures; }

  public java.util.Map<String, Object> toMap() {
    return java.util.Map.of("figures", figures, "precision", round(precision()), "recall", round(recall()),
        "exact_count_rate", round(exactCountRate()), "panels_true", actual, "panels_predicted", predicted);
  }

  static double round(double v) { return Math.round(v * 10000) / 10000.0; }
}
