package org.phenolip.curate.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes small ONNX models byte by byte (protobuf wire format, field numbers from onnx.proto): a
 * detector whose outputs {@code boxes} and {@code scores} are constants passed through Identity
 * nodes, with an image input it does not read (enough to drive {@code OnnxDetector} end to end),
 * and a domain classifier whose logits are an affine map of the image's mean R, G and B.
 */
public final class TinyOnnx {
  private TinyOnnx() {}

  /** Protobuf message writer: varints and length-delimited fields only. */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long v) {
      raw(((long) field << 3));
      raw(v);
      return this;
    }

    Proto bytes(int field, byte[] b) {
      raw(((long) field << 3) | 2);
      raw(b.length);
      out.writeBytes(b);
      return this;
    }

    Proto string(int field, String s) { return bytes(field, s.getBytes(StandardCharsets.UTF_8)); }

    Proto message(int field, Proto m) { return bytes(field, m.toBytes()); }

    byte[] toBytes() { return out.toByteArray(); }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }

  static final int FLOAT = 1;

  /** ValueInfoProto of a float tensor; a dim is a Long (fixed) or a String (symbolic). */
  static Proto valueInfo(String name, Object... dims) {
    Proto shape = new Proto();
    for (Object d : dims) {
      shape.message(1, d instanceof String s ? new Proto().string(2, s) : new Proto().varint(1, ((Number) d).longValue()));
    }
    Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  static Proto tensor(String name, long[] dims, float[] values) {
    Proto t = new Proto();
    for (long d : dims) t.varint(1, d);
    t.varint(2, FLOAT).string(8, name);
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) b.putFloat(v);
    return t.bytes(9, b.array());
  }

  static Proto node(String op, String name, String[] in, String out, Proto... attributes) {
    Proto n = new Proto();
    for (String i : in) n.string(1, i);
    n.string(2, out).string(3, name).string(4, op);
    for (Proto a : attributes) n.message(5, a);
    return n;
  }

  /** AttributeProto: INT (type 2, field i) or INTS (type 7, repeated field ints). */
  static Proto intAttr(String name, long v) { return new Proto().string(1, name).varint(3, v).varint(20, 2); }

  static Proto intsAttr(String name, long... v) {
    Proto a = new Proto().string(1, name);
    for (long x : v) a.varint(8, x);
    return a.varint(20, 7);
  }

  /**
   * A classifier: {@code logits = mean_rgb(images) · weights + bias} (ReduceMean over H, W, MatMul, Add),
   * then Softmax when {@code softmax}.
   *
   * @param input dims of the input {@code images}
   * @param weights 3 × C, row-major (row r: how channel r's mean moves each class)
   * @param outputDims dims declared for the output, e.g. {1L, C} (a String is a symbolic dim)
   */
  public static byte[] classifier(Object[] input, float[] weights, float[] bias, boolean softmax, Object... outputDims) {
    int c = bias.length;
    String out = softmax ? "probs" : "logits";
    Proto graph = new Proto()
        .message(1, node("ReduceMean", "mean", new String[] {"images"}, "means", intsAttr("axes", 2, 3), intAttr("keepdims", 0)))
        .message(1, node("MatMul", "mm", new String[] {"means", "w"}, "mixed"))
        .message(1, node("Add", "add", new String[] {"mixed", "b"}, softmax ? "logits" : out));
    if (softmax) graph.message(1, node("Softmax", "softmax", new String[] {"logits"}, out, intAttr("axis", 1)));
    graph.string(2, "tiny-domain-classifier")
        .message(5, tensor("w", new long[] {3, c}, weights))
        .message(5, tensor("b", new long[] {c}, bias))
        .message(11, valueInfo("images", input))
        .message(12, valueInfo(out, outputDims));
    return model(graph);
  }

  private static byte[] model(Proto graph) {
    return new Proto().varint(1, 8).string(2, "phenolip-test")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13))
        .toBytes();
  }

  static Proto identity(String in, String out) {
    return new Proto().string(1, in).string(2, out).string(3, "id_" + out).string(4, "Identity");
  }

  /**
   * A detector model.
   *
   * @param input dims of the input {@code images}
   * @param boxesDims dims of the boxes output, e.g. {1, K, 4}
   * @param scoresDims dims of the scores output, e.g. {1, K}
   */
  public static byte[] detector(Object[] input, String boxesName, long[] boxesDims, float[] boxes,
                         String scoresName, long[] scoresDims, float[] scores) {
    Object[] bd = new Object[boxesDims.length];
    for (int i = 0; i < bd.length; i++) bd[i] = boxesDims[i];
    Object[] sd = new Object[scoresDims.length];
    for (int i = 0; i < sd.length; i++) sd[i] = scoresDims[i];
    Proto graph = new Proto()
        .message(1, identity("boxes_c", boxesName))
        .message(1, identity("scores_c", scoresName))
        .string(2, "tiny-detector")
        .message(5, tensor("boxes_c", boxesDims, boxes))
        .message(5, tensor("scores_c", scoresDims, scores))
        .message(11, valueInfo("images", input))
        .message(12, valueInfo(boxesName, bd))
        .message(12, valueInfo(scoresName, sd));
    return model(graph);
  }
}
