package org.phenolip.curate.subfigure;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * whole figure. The model's bytes travel with the detector (executors need no copy of the file);
 * each JVM opens one session per model and shares it between tasks.
 */
public final class OnnxDetector implements PanelDetector, Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();
  private static final double NMS_IOU = 0.5;

  private final byte[] model;
  private final String modelName;
  private final String digest;
  private final int inputSize;
  private final double minScore;
  private final String inputName;
  private final String boxesName;
  private final String scoresName;

  private OnnxDetector(byte[] model, String modelName, int inputSize, double minScore, String inputName,
                       String boxesName, String scoresName) {
    this.model = model;
    this.modelName = modelName;
    this.digest = sha256(model);
    this.inputSize = inputSize;
    this.minScore = minScore;
    this.inputName = inputName;
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
    if (inputSize != null && (inputSize < 8 || inputSize > 4096)) {
      throw new IllegalArgumentException("--detector-input-size must be in [8, 4096], got " + inputSize);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--detector-onnx " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    String where = "--detector-onnx " + file.getFileName() + ": ";
    try {
      OrtSession s = session(sha256(bytes), bytes);
      if (s.getInputInfo().size() != 1) throw new IllegalArgumentException(where + "expected 1 input [1,3,N,N], model has " + describe(s.getInputInfo()));
      var in = s.getInputInfo().entrySet().iterator().next();
      long[] shape = tensorShape(in.getValue());
      if (shape == null || shape.length != 4 || !(shape[0] == 1 || shape[0] < 0) || shape[1] != 3
          || (shape[2] > 0 && shape[3] > 0 && shape[2] != shape[3]) || !isFloat(in.getValue())) {
        throw new IllegalArgumentException(where + "input must be float32 [1,3,N,N], model has " + describe(s.getInputInfo()));
      }
      long side = shape[2] > 0 ? shape[2] : shape[3];
      int n;
      if (side > 0) {
        if (inputSize != null && inputSize != side) {
          throw new IllegalArgumentException(where + "--detector-input-size " + inputSize + " but the model's input is " + side + "x" + side);
        }
        n = (int) side;
      } else if (inputSize == null) {
        throw new IllegalArgumentException(where + "the model's input side is dynamic: give --detector-input-size");
      } else {
        n = inputSize;
      }
      String[] outs = outputNames(s, where);
      return new OnnxDetector(bytes, file.getFileName().toString(), n, minScore, in.getKey(), outs[0], outs[1]);
    } catch (OrtException e) {
      throw new IllegalArgumentException(where + "ONNX Runtime cannot load it: " + firstLine(e.getMessage()));
    } catch (LinkageError e) {
      throw new IllegalArgumentException(where + "ONNX Runtime's native library does not load here: " + firstLine(e.toString()));
    }
  }

  /** {boxes, scores} output names: by name if present, else by shape. */
  private static String[] outputNames(OrtSession s, String where) throws OrtException {
    Map<String, NodeInfo> outs = s.getOutputInfo();
    String contract = "outputs must be boxes [1,K,4] (normalised x1,y1,x2,y2) and scores [1,K], float32; model has ";
    if (outs.size() != 2) throw new IllegalArgumentException(where + contract + describe(outs));
    String boxes = outs.containsKey("boxes") && outs.containsKey("scores") ? "boxes" : null;
    String scores = boxes == null ? null : "scores";
    if (boxes == null) {
      for (var e : outs.entrySet()) {
        long[] sh = tensorShape(e.getValue());
        if (sh != null && sh.length >= 2 && sh[sh.length - 1] == 4) {
          if (boxes != null) throw new IllegalArgumentException(where + contract + describe(outs) + " (two outputs end in 4; name them boxes and scores)");
          boxes = e.getKey();
        } else {
          scores = e.getKey();
        }
      }
    }
    long[] b = boxes == null ? null : tensorShape(outs.get(boxes));
    long[] sc = scores == null ? null : tensorShape(outs.get(scores));
    boolean ok = b != null && sc != null && isFloat(outs.get(boxes)) && isFloat(outs.get(scores))
        && (b.length == 2 || (b.length == 3 && (b[0] == 1 || b[0] < 0))) && (b[b.length - 1] == 4 || b[b.length - 1] < 0)
        && (sc.length == 1 || (sc.length == 2 && (sc[0] == 1 || sc[0] < 0))) && sc.length == b.length - 1
        && (b[b.length - 2] < 0 || sc[sc.length - 1] < 0 || b[b.length - 2] == sc[sc.length - 1]);
    if (!ok) throw new IllegalArgumentException(where + contract + describe(outs));
    return new String[] {boxes, scores};
  }

  @Override public String name() { return "onnx:" + modelName + "@" + inputSize + ",score>=" + minScore; }

  public int inputSize() { return inputSize; }

  @Override
  public List<Box> detect(BufferedImage image) {
    int w = image.getWidth(), h = image.getHeight();
    try {
      OrtSession s = session(digest, model);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels(image, inputSize)), new long[] {1, 3, inputSize, inputSize});
           OrtSession.Result r = s.run(Map.of(inputName, x))) {
        float[] boxes = floats(r, boxesName);
        float[] scores = floats(r, scoresName);
        if (boxes.length != 4 * scores.length) {
          throw new IllegalStateException("ONNX detector " + modelName + " returned " + boxes.length / 4.0 + " boxes but " + scores.length + " scores");
        }
        return toPanels(boxes, scores, w, h);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX detector " + modelName + " failed: " + firstLine(e.getMessage()), e);
    }
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

  /** RGB planes of the image stretched to n×n, scaled to [0, 1]. */
  static float[] pixels(BufferedImage image, int n) {
    BufferedImage scaled = new BufferedImage(n, n, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scaled.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(image, 0, 0, n, n, null);
    g.dispose();
    int[] rgb = scaled.getRGB(0, 0, n, n, null, 0, n);
    float[] out = new float[3 * n * n];
    int plane = n * n;
    for (int i = 0; i < plane; i++) {
      out[i] = ((rgb[i] >> 16) & 255) / 255f;
      out[plane + i] = ((rgb[i] >> 8) & 255) / 255f;
      out[2 * plane + i] = (rgb[i] & 255) / 255f;
    }
    return out;
  }

  private float[] floats(OrtSession.Result r, String name) throws OrtException {
    var v = r.get(name).orElseThrow(() -> new IllegalStateException("ONNX detector " + modelName + " gave no output " + name));
    if (!(v instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
      throw new IllegalStateException("ONNX detector " + modelName + ": output " + name + " is not a float tensor");
    }
    FloatBuffer b = t.getFloatBuffer();
    float[] a = new float[b.remaining()];
    b.get(a);
    return a;
  }

  private static OrtSession session(String digest, byte[] model) throws OrtException {
    OrtSession s = SESSIONS.get(digest);
    if (s != null) return s;
    synchronized (SESSIONS) {
      s = SESSIONS.get(digest);
      if (s == null) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
          o.setIntraOpNumThreads(1); // one Spark task, one core
          s = env.createSession(model, o);
        }
        SESSIONS.put(digest, s);
      }
      return s;
    }
  }

  private static long[] tensorShape(NodeInfo n) {
    return n.getInfo() instanceof TensorInfo t ? t.getShape() : null;
  }

  private static boolean isFloat(NodeInfo n) {
    return n.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT;
  }

  private static String describe(Map<String, NodeInfo> nodes) {
    List<String> parts = new ArrayList<>();
    for (var e : nodes.entrySet()) {
      parts.add(e.getValue().getInfo() instanceof TensorInfo t
          ? e.getKey() + " " + t.type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(t.getShape()).replace(" ", "")
          : e.getKey() + " (not a tensor)");
    }
    return String.join(", ", parts);
  }

  private static double clamp(float v) {
    return Float.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int i = s.indexOf('\n');
    return i < 0 ? s : s.substring(0, i);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
