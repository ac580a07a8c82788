package org.phenolip.curate.subfigure;

import ai.onnxruntime.NodeInfo;
import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.phenolip.curate.onnx.OnnxModel;

/**
 * A learned subfigure detector run through ONNX Runtime, behind {@link PanelDetector}.
 *
 * <p>The model contract (what a DETR-style detector exported with its post-processing gives):
 * <ul>
 *   <li>one input, float32, NCHW {@code [1, 3, N, N]} (batch and sides may be dynamic): the figure in
 *       RGB, stretched to N×N (bilinear, no letterbox), values in [0, 1]; any mean/std normalisation
 *       belongs inside the graph;</li>
 *   <li>two outputs, float32: {@code boxes} {@code [1, K, 4]} or {@code [K, 4]}, normalised
 *       {@code x1, y1, x2, y2} in [0, 1] of the input image, and {@code scores} {@code [1, K]} or
 *       {@code [K]}, one confidence per box (sigmoid/softmax already applied). Outputs are found by
 *       the names {@code boxes} and {@code scores}, else by shape (the one whose last side is 4 holds boxes).</li>
 * </ul>
 * Boxes scoring at least the threshold are mapped to figure pixels, clipped, de-duplicated by
 * non-maximum suppression (IoU over 0.5) and put in reading order; none left means one panel, the
 * whole figure. Loading, sessions and the input are {@link OnnxModel}'s.
 */
public final class OnnxDetector implements PanelDetector, Serializable {
  private static final long serialVersionUID = 1L;
  private static final double NMS_IOU = 0.5;

  private final OnnxModel model;
  private final double minScore;
  private final String boxesName;
  private final String scoresName;

  private OnnxDetector(OnnxModel model, double minScore, String boxesName, String scoresName) {
    this.model = model;
    this.minScore = minScore;
    this.boxesName = boxesName;
    this.scoresName = scoresName;
  }

  /**
   * Loads and checks a model: its input and output shapes must follow the contract above.
   *
   * @param inputSize the square input side; null takes it from the model (an error when the model's side is dynamic)
   * @throws IllegalArgumentException with a one-line reason when the file or the model does not fit
   */
  public static OnnxDetector open(Path file, Integer inputSize, double minScore) {
    if (!(minScore >= 0 && minScore <= 1)) throw new IllegalArgumentException("--detector-score must be in [0, 1], got " + minScore);
    OnnxModel m = OnnxModel.open(file, "--detector-onnx", "--detector-input-size", inputSize, null);
    String[] outs = outputNames(m.outputs(), "--detector-onnx " + m.fileName() + ": ");
    return new OnnxDetector(m, minScore, outs[0], outs[1]);
  }

  /** {boxes, scores} output names: by name if present, else by shape. */
  private static String[] outputNames(Map<String, NodeInfo> outs, String where) {
    String contract = "outputs must be boxes [1,K,4] (normalised x1,y1,x2,y2) and scores [1,K], float32; model has ";
    if (outs.size() != 2) throw new IllegalArgumentException(where + contract + OnnxModel.describe(outs));
    String boxes = outs.containsKey("boxes") && outs.containsKey("scores") ? "boxes" : null;
    String scores = boxes == null ? null : "scores";
    if (boxes == null) {
      for (var e : outs.entrySet()) {
        long[] sh = OnnxModel.shape(e.getValue());
        if (sh != null && sh.length >= 2 && sh[sh.length - 1] == 4) {
          if (boxes != null) throw new IllegalArgumentException(where + contract + OnnxModel.describe(outs) + " (two outputs end in 4; name them boxes and scores)");
          boxes = e.getKey();
        } else {
          scores = e.getKey();
        }
      }
    }
    long[] b = boxes == null ? null : OnnxModel.shape(outs.get(boxes));
    long[] sc = scores == null ? null : OnnxModel.shape(outs.get(scores));
    boolean ok = b != null && sc != null && OnnxModel.isFloat(outs.get(boxes)) && OnnxModel.isFloat(outs.get(scores))
        && (b.length == 2 || (b.length == 3 && (b[0] == 1 || b[0] < 0))) && (b[b.length - 1] == 4 || b[b.length - 1] < 0)
        && (sc.length == 1 || (sc.length == 2 && (sc[0] == 1 || sc[0] < 0))) && sc.length == b.length - 1
        && (b[b.length - 2] < 0 || sc[sc.length - 1] < 0 || b[b.length - 2] == sc[sc.length - 1]);
    if (!ok) throw new IllegalArgumentException(where + contract + OnnxModel.describe(outs));
    return new String[] {boxes, scores};
  }

  @Override public String name() { return "onnx:" + model.fileName() + "@" + model.inputSize() + ",score>=" + minScore; }

  public int inputSize() { return model.inputSize(); }

  @Override
  public List<Box> detect(BufferedImage image) {
    Map<String, float[]> out = model.run(image);
    float[] boxes = out.get(boxesName);
    float[] scores = out.get(scoresName);
    if (boxes.length != 4 * scores.length) {
      throw new IllegalStateException("ONNX detector " + model.fileName() + " returned " + boxes.length / 4.0 + " boxes but " + scores.length + " scores");
    }
    return toPanels(boxes, scores, image.getWidth(), image.getHeight());
  }

  /** Detections (normalised xyxy + scores) to figure-pixel boxes: thresholded, clipped, NMS, reading order. */
  List<Box> toPanels(float[] boxes, float[] scores, int w, int h) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
    List<Box> kept = new ArrayList<>();
    for (int i : order) {
      if (!(scores[i] >= minScore)) continue;
      int x1 = (int) Math.round(clamp(boxes[4 * i]) * w), y1 = (int) Math.round(clamp(boxes[4 * i + 1]) * h);
      int x2 = (int) Math.round(clamp(boxes[4 * i + 2]) * w), y2 = (int) Math.round(clamp(boxes[4 * i + 3]) * h);
      if (x2 - x1 < 1 || y2 - y1 < 1) continue;
      Box b = new Box(x1, y1, x2 - x1, y2 - y1);
      if (kept.stream().noneMatch(k -> k.iou(b) > NMS_IOU)) kept.add(b);
    }
    if (kept.isEmpty()) return List.of(new Box(0, 0, w, h));
    return XyCutDetector.readingOrder(kept);
  }

  private static double clamp(float v) {
    return Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
