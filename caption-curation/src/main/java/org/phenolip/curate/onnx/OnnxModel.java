package org.phenolip.curate.onnx;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An ONNX image model shared by the subfigure detector and the domain classifier: its bytes (they
 * travel with the tasks, executors need no copy of the file), one ONNX Runtime session per model per
 * JVM (one intra-op thread: a Spark task is one core), and the one input both use: float32
 * {@code [1, 3, N, N]}, the image in RGB stretched to N×N (bilinear, no letterbox), values in [0, 1].
 */
public final class OnnxModel implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();

  private final byte[] bytes;
  private final String fileName;
  private final String digest;
  private final String inputName;
  private final int inputSize;

  private OnnxModel(byte[] bytes, String fileName, String inputName, int inputSize) {
    this.bytes = bytes;
    this.fileName = fileName;
    this.digest = sha256(bytes);
    this.inputName = inputName;
    this.inputSize = inputSize;
  }

  /**
   * Reads a model and checks its input.
   *
   * @param fileOption the option naming the file, the prefix of every error (e.g. {@code --detector-onnx})
   * @param sizeOption the option giving the input side (e.g. {@code --detector-input-size})
   * @param inputSize the square input side asked for; null takes the model's
   * @param dynamicSize the side used when the model's is dynamic and none was asked for; null makes that an error
   * @throws IllegalArgumentException with a one-line reason when the file or its input does not fit
   */
  public static OnnxModel open(Path file, String fileOption, String sizeOption, Integer inputSize, Integer dynamicSize) {
    if (inputSize != null && (inputSize < 8 || inputSize > 4096)) {
      throw new IllegalArgumentException(sizeOption + " must be in [8, 4096], got " + inputSize);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(fileOption + " " + file + ": cannot read (" + e.getClass().getSimpleName() + ")");
    }
    String where = fileOption + " " + file.getFileName() + ": ";
    try {
      OrtSession s = session(sha256(bytes), bytes);
      if (s.getInputInfo().size() != 1) throw new IllegalArgumentException(where + "expected 1 input [1,3,N,N], model has " + describe(s.getInputInfo()));
      var in = s.getInputInfo().entrySet().iterator().next();
      long[] shape = shape(in.getValue());
      if (shape == null || shape.length != 4 || !(shape[0] == 1 || shape[0] < 0) || shape[1] != 3
          || (shape[2] > 0 && shape[3] > 0 && shape[2] != shape[3]) || !isFloat(in.getValue())) {
        throw new IllegalArgumentException(where + "input must be float32 [1,3,N,N], model has " + describe(s.getInputInfo()));
      }
      long side = shape[2] > 0 ? shape[2] : shape[3];
      int n;
      if (side > 0) {
        if (inputSize != null && inputSize != side) {
          throw new IllegalArgumentException(where + sizeOption + " " + inputSize + " but the model's input is " + side + "x" + side);
        }
        n = (int) side;
      } else if (inputSize != null) {
        n = inputSize;
      } else if (dynamicSize != null) {
        n = dynamicSize;
      } else {
        throw new IllegalArgumentException(where + "the model's input side is dynamic: give " + sizeOption);
      }
      return new OnnxModel(bytes, file.getFileName().toString(), in.getKey(), n);
    } catch (OrtException e) {
      throw new IllegalArgumentException(where + "ONNX Runtime cannot load it: " + firstLine(e.getMessage()));
    } catch (LinkageError e) {
      throw new IllegalArgumentException(where + "ONNX Runtime's native library does not load here: " + firstLine(e.toString()));
    }
  }

  public String fileName() { return fileName; }

  public int inputSize() { return inputSize; }

  /** The model's outputs by name, in the model's order. */
  public Map<String, NodeInfo> outputs() {
    try {
      return session(digest, bytes).getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX model " + fileName + ": " + firstLine(e.getMessage()), e);
    }
  }

  /** Runs the model on one image; every output must be a float tensor, returned flat by name. */
  public Map<String, float[]> run(BufferedImage image) {
    try {
      OrtSession s = session(digest, bytes);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels(image, inputSize)), new long[] {1, 3, inputSize, inputSize});
           OrtSession.Result r = s.run(Map.of(inputName, x))) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (var e : r) {
          if (!(e.getValue() instanceof OnnxTensor t) || t.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("ONNX model " + fileName + ": output " + e.getKey() + " is not a float tensor");
          }
          FloatBuffer b = t.getFloatBuffer();
          float[] a = new float[b.remaining()];
          b.get(a);
          out.put(e.getKey(), a);
        }
        return out;
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX model " + fileName + " failed: " + firstLine(e.getMessage()), e);
    }
  }

  /** RGB planes of the image stretched to n×n, scaled to [0, 1]. */
  public static float[] pixels(BufferedImage image, int n) {
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

  /** A tensor's shape (-1 for a dynamic side), null when the node is not a tensor. */
  public static long[] shape(NodeInfo n) {
    return n.getInfo() instanceof TensorInfo t ? t.getShape() : null;
  }

  public static boolean isFloat(NodeInfo n) {
    return n.getInfo() instanceof TensorInfo t && t.type == OnnxJavaType.FLOAT;
  }

  /** {@code name float[1,3,64,64], ...}: what a model has, for error messages. */
  public static String describe(Map<String, NodeInfo> nodes) {
    List<String> parts = new ArrayList<>();
    for (var e : nodes.entrySet()) {
      parts.add(e.getValue().getInfo() instanceof TensorInfo t
          ? e.getKey() + " " + t.type.name().toLowerCase(Locale.ROOT) + Arrays.toString(t.getShape()).replace(" ", "")
          : e.getKey() + " (not a tensor)");
    }
    return String.join(", ", parts);
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

  static String firstLine(String s) {
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
