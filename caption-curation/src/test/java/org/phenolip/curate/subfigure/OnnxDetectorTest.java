package org.phenolip.curate.subfigure;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.curate.onnx.TinyOnnx;

/** The ONNX Runtime detector hook, driven by tiny models written byte by byte in {@link TinyOnnx}. */
class OnnxDetectorTest {
  @TempDir Path tmp;

  static final Object[] INPUT_64 = {1L, 3L, 64L, 64L};
  // right half 0.9, left half 0.8, a near-copy of the left half 0.7 (NMS drops it), a small box 0.2 (under 0.5)
  static final float[] BOXES = {
      0.5f, 0f, 1f, 1f,
      0f, 0f, 0.5f, 1f,
      0.02f, 0.01f, 0.49f, 0.98f,
      0.1f, 0.1f, 0.3f, 0.3f};
  static final float[] SCORES = {0.9f, 0.8f, 0.7f, 0.2f};

  Path write(String name, byte[] model) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, model);
    return p;
  }

  Path standard() throws Exception {
    return write("det.onnx", TinyOnnx.detector(INPUT_64, "boxes", new long[] {1, 4, 4}, BOXES, "scores", new long[] {1, 4}, SCORES));
  }

  static BufferedImage image(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
  }

  @Test void boxesComeOutInFigurePixelsScoreThresholdedDeduplicatedInReadingOrder() throws Exception {
    OnnxDetector d = OnnxDetector.open(standard(), null, 0.5);
    assertEquals(64, d.inputSize());
    assertEquals("onnx:det.onnx@64,score>=0.5", d.name());
    // 200 x 100 figure: normalised x * 200, y * 100; the 0.7 near-copy goes to NMS, the 0.2 box to the threshold
    assertEquals(List.of(new Box(0, 0, 100, 100), new Box(100, 0, 100, 100)), d.detect(image(200, 100)));
    // another figure size maps to its own pixels
    assertEquals(List.of(new Box(0, 0, 30, 300), new Box(30, 0, 30, 300)), d.detect(image(60, 300)));
    // a lower threshold keeps the small box too (IoU 0.08 with the left half, under 0.5); it shares the row, so it reads by x
    OnnxDetector low = OnnxDetector.open(standard(), 64, 0.1);
    assertEquals(List.of(new Box(0, 0, 100, 100), new Box(20, 10, 40, 20), new Box(100, 0, 100, 100)), low.detect(image(200, 100)));
    // nothing above the threshold: one panel, the whole figure
    OnnxDetector high = OnnxDetector.open(standard(), null, 0.95);
    assertEquals(List.of(new Box(0, 0, 200, 100)), high.detect(image(200, 100)));
  }

  @Test void coordinatesOutsideTheImageAreClippedAndRankTwoOutputsWork() throws Exception {
    float[] boxes = {-0.1f, 0f, 0.5f, 1.2f, 0.5f, 0.5f, 0.5f, 0.9f}; // the second has no width: dropped
    Path p = write("k4.onnx", TinyOnnx.detector(INPUT_64, "boxes", new long[] {2, 4}, boxes, "scores", new long[] {2}, new float[] {0.9f, 0.9f}));
    assertEquals(List.of(new Box(0, 0, 50, 80)), OnnxDetector.open(p, null, 0.5).detect(image(100, 80)));
  }

  @Test void outputsAreFoundByShapeWhenNotNamedBoxesAndScores() throws Exception {
    Path p = write("named.onnx", TinyOnnx.detector(INPUT_64, "pred_logits_sigmoid", new long[] {1, 4}, SCORES, "pred_boxes",
        new long[] {1, 4, 4}, BOXES));
    // K = 4: both outputs end in 4, so shapes cannot tell them apart
    var e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(p, null, 0.5));
    assertTrue(e.getMessage().contains("two outputs end in 4; name them boxes and scores"), e.getMessage());
    Path q = write("named3.onnx", TinyOnnx.detector(INPUT_64, "pred_logits_sigmoid", new long[] {1, 3}, new float[] {0.9f, 0.8f, 0.1f},
        "pred_boxes", new long[] {1, 3, 4}, new float[] {0.5f, 0f, 1f, 1f, 0f, 0f, 0.5f, 1f, 0f, 0f, 1f, 1f}));
    assertEquals(List.of(new Box(0, 0, 100, 100), new Box(100, 0, 100, 100)), OnnxDetector.open(q, null, 0.5).detect(image(200, 100)));
  }

  @Test void aDynamicInputSideNeedsTheInputSizeOption() throws Exception {
    Path p = write("dyn.onnx", TinyOnnx.detector(new Object[] {"batch", 3L, "side", "side"}, "boxes", new long[] {1, 4, 4}, BOXES,
        "scores", new long[] {1, 4}, SCORES));
    var e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(p, null, 0.5));
    assertEquals("--detector-onnx dyn.onnx: the model's input side is dynamic: give --detector-input-size", e.getMessage());
    OnnxDetector d = OnnxDetector.open(p, 96, 0.5);
    assertEquals(96, d.inputSize());
    assertEquals(2, d.detect(image(200, 100)).size());
  }

  @Test void shapesOutsideTheContractAreRefusedWithAClearError() throws Exception {
    Path gray = write("gray.onnx", TinyOnnx.detector(new Object[] {1L, 1L, 64L, 64L}, "boxes", new long[] {1, 4, 4}, BOXES,
        "scores", new long[] {1, 4}, SCORES));
    var e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(gray, null, 0.5));
    assertEquals("--detector-onnx gray.onnx: input must be float32 [1,3,N,N], model has images float[1,1,64,64]", e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(standard(), 32, 0.5));
    assertEquals("--detector-onnx det.onnx: --detector-input-size 32 but the model's input is 64x64", e.getMessage());

    Path five = write("five.onnx", TinyOnnx.detector(INPUT_64, "boxes", new long[] {1, 2, 5}, new float[10], "scores",
        new long[] {1, 2}, new float[2]));
    e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(five, null, 0.5));
    assertTrue(e.getMessage().startsWith("--detector-onnx five.onnx: outputs must be boxes [1,K,4] (normalised x1,y1,x2,y2) "
        + "and scores [1,K], float32; model has "), e.getMessage());
    assertTrue(e.getMessage().contains("boxes float[1,2,5]"), e.getMessage());

    Path junk = write("junk.onnx", "not a model".getBytes());
    e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(junk, null, 0.5));
    assertTrue(e.getMessage().startsWith("--detector-onnx junk.onnx: ONNX Runtime cannot load it"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));

    e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(tmp.resolve("missing.onnx"), null, 0.5));
    assertTrue(e.getMessage().contains("cannot read (NoSuchFileException)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OnnxDetector.open(standard(), null, 1.5));
    assertEquals("--detector-score must be in [0, 1], got 1.5", e.getMessage());
  }

  @Test void travelsToExecutorsWithItsModel() throws Exception {
    OnnxDetector d = OnnxDetector.open(standard(), null, 0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var o = new ObjectOutputStream(bytes)) {
      o.writeObject(d);
    }
    Files.delete(tmp.resolve("det.onnx")); // an executor has no copy of the file
    PanelDetector copy;
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (PanelDetector) in.readObject();
    }
    assertEquals(List.of(new Box(0, 0, 100, 100), new Box(100, 0, 100, 100)), copy.detect(image(200, 100)));
  }
}
