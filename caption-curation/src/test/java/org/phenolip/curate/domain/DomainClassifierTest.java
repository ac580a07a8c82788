package org.phenolip.curate.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
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

/**
 * The ONNX image-domain classifier and how {@link DomainTagger} combines it with the rules, driven by
 * a tiny model written byte by byte: logits = mean(R, G, B) · W + b, with W sending red to class 0
 * and blue to class 1, and b giving class 2 a small lead on a black image.
 */
class DomainClassifierTest {
  @TempDir Path tmp;

  static final float[] W = {
      4, 0, 0,   // R
      0, 0, 0,   // G
      0, 4, 0};  // B
  static final float[] B = {0, 0, 1.5f};
  // softmax of [4, 0, 1.5] (red: class 0; blue: class 1 alike) and of [0, 0, 1.5] (black: class 2)
  static final double P_COLOUR = Math.exp(4) / (Math.exp(4) + 1 + Math.exp(1.5));
  static final double P_BLACK = Math.exp(1.5) / (2 + Math.exp(1.5));

  Path write(String name, byte[] bytes) throws Exception {
    Path p = tmp.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  Path labels(String... lines) throws Exception {
    return write("labels.txt", (String.join("\n", lines) + "\n").getBytes());
  }

  Path dynamicModel() throws Exception {
    return write("colour.onnx", TinyOnnx.classifier(new Object[] {"batch", 3L, "side", "side"}, W, B, false, "batch", 3L));
  }

  static BufferedImage image(Color left, Color right) {
    BufferedImage img = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, 30, 40);
    g.setColor(right);
    g.fillRect(30, 0, 30, 40);
    g.dispose();
    return img;
  }

  static BufferedImage image(Color c) { return image(c, c); }

  @Test void eachColourGetsItsLabelWithItsSoftmaxProbability() throws Exception {
    DomainClassifier d = DomainClassifier.open(dynamicModel(), labels("histology", "radiology/ct", "xray"), null, 0.5);
    assertEquals(224, d.inputSize()); // dynamic side, no --domain-input-size: the default
    assertEquals("onnx:colour.onnx@224,prob>=0.5,3 labels", d.name());
    var red = d.classify(image(Color.RED));
    assertEquals(List.of("pathology", "histology"), List.of(red.domain(), red.modality()));
    assertEquals(P_COLOUR, red.prob(), 1e-5);
    assertTrue(red.confident());
    var blue = d.classify(image(Color.BLUE));
    assertEquals(List.of("radiology", "ct"), List.of(blue.domain(), blue.modality()));
    assertEquals(P_COLOUR, blue.prob(), 1e-5);
    var black = d.classify(image(Color.BLACK));
    assertEquals(List.of("radiology", "xray"), List.of(black.domain(), black.modality()));
    assertEquals(P_BLACK, black.prob(), 1e-5);
    assertTrue(black.confident());
  }

  @Test void theThresholdDecidesWhetherTheLabelCounts() throws Exception {
    DomainClassifier strict = DomainClassifier.open(dynamicModel(), labels("histology", "radiology/ct", "xray"), 32, 0.75);
    assertEquals(32, strict.inputSize());
    assertTrue(strict.classify(image(Color.RED)).confident());
    var black = strict.classify(image(Color.BLACK));
    assertEquals("xray", black.modality());
    assertEquals(P_BLACK, black.prob(), 1e-5);
    assertFalse(black.confident()); // 0.691 < 0.75
    // half red, half blue: logits about [2, 2, 1.5], no class reaches 0.5
    var mixed = DomainClassifier.open(dynamicModel(), labels("histology", "radiology/ct", "xray"), 32, 0.5).classify(image(Color.RED, Color.BLUE));
    assertTrue(mixed.prob() < 0.45 && mixed.prob() > 0.35, "p=" + mixed.prob());
    assertFalse(mixed.confident());
  }

  @Test void probabilitiesFromTheModelAreNotSoftmaxedAgain() throws Exception {
    Path probs = write("probs.onnx", TinyOnnx.classifier(new Object[] {1L, 3L, 16L, 16L}, W, B, true, 1L, 3L));
    DomainClassifier d = DomainClassifier.open(probs, labels("dermatology/dermoscopy", "ophthalmology", "other"), null, 0.5);
    assertEquals(16, d.inputSize()); // the model's fixed side
    var red = d.classify(image(Color.RED));
    assertEquals(List.of("dermatology", "dermoscopy"), List.of(red.domain(), red.modality()));
    assertEquals(P_COLOUR, red.prob(), 1e-5);
    var blue = d.classify(image(Color.BLUE));
    assertEquals(List.of("ophthalmology", "unknown"), List.of(blue.domain(), blue.modality()));
    assertEquals(P_BLACK, d.classify(image(Color.BLACK)).prob(), 1e-5);
    assertEquals("other", d.classify(image(Color.BLACK)).domain());
    assertArrayEquals(new double[] {0.2, 0.8}, DomainClassifier.probabilities(new float[] {0.2f, 0.8f}), 1e-6);
    assertArrayEquals(new double[] {0.5, 0.5}, DomainClassifier.probabilities(new float[] {3f, 3f}), 1e-6);
    // values in [0, 1] that do not sum to 1 (e.g. per-class sigmoids) are softmaxed like logits
    assertArrayEquals(new double[] {0.5, 0.5}, DomainClassifier.probabilities(new float[] {0.9f, 0.9f}), 1e-6);
  }

  @Test void labelsAndModelsOutsideTheContractAreRefusedInOneLine() throws Exception {
    Path model = dynamicModel();
    var e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, labels("histology", "ct"), null, 0.5));
    assertEquals("--domain-onnx colour.onnx: the model has 3 classes but --domain-labels labels.txt has 2 labels", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, labels("histology", "ct", "xray", "oct"), null, 0.5));
    assertEquals("--domain-onnx colour.onnx: the model has 3 classes but --domain-labels labels.txt has 4 labels", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, labels("histology", "pathology/ct", "xray"), null, 0.5));
    assertTrue(e.getMessage().startsWith("--domain-labels labels.txt line 2: 'pathology/ct' is not a domain, domain/modality or modality of {radiology=[ct,"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, labels("histology", "", "xray"), null, 0.5));
    assertTrue(e.getMessage().startsWith("--domain-labels labels.txt line 2: '' is not"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, tmp.resolve("none.txt"), null, 0.5));
    assertTrue(e.getMessage().startsWith("--domain-labels ") && e.getMessage().endsWith("none.txt: cannot read (NoSuchFileException)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(model, labels("histology", "ct", "xray"), null, 1.5));
    assertEquals("--domain-min-prob must be in [0, 1], got 1.5", e.getMessage());

    Path fixed = write("fixed.onnx", TinyOnnx.classifier(new Object[] {1L, 3L, 16L, 16L}, W, B, false, 1L, 3L));
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(fixed, labels("histology", "ct", "xray"), 224, 0.5));
    assertEquals("--domain-onnx fixed.onnx: --domain-input-size 224 but the model's input is 16x16", e.getMessage());
    Path gray = write("gray.onnx", TinyOnnx.detector(new Object[] {1L, 1L, 16L, 16L}, "boxes", new long[] {1, 1, 4},
        new float[] {0, 0, 1, 1}, "scores", new long[] {1, 1}, new float[] {0.9f}));
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(gray, labels("histology", "ct", "xray"), null, 0.5));
    assertEquals("--domain-onnx gray.onnx: input must be float32 [1,3,N,N], model has images float[1,1,16,16]", e.getMessage());
    Path detector = write("det.onnx", TinyOnnx.detector(new Object[] {1L, 3L, 16L, 16L}, "boxes", new long[] {1, 1, 4},
        new float[] {0, 0, 1, 1}, "scores", new long[] {1, 1}, new float[] {0.9f}));
    e = assertThrows(IllegalArgumentException.class, () -> DomainClassifier.open(detector, labels("histology", "ct", "xray"), null, 0.5));
    assertTrue(e.getMessage().startsWith("--domain-onnx det.onnx: expected 1 output, float32 [1,C] logits or probabilities; model has "),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test void travelsToExecutorsWithItsModelAndLabels() throws Exception {
    DomainClassifier d = DomainClassifier.open(dynamicModel(), labels("histology", "radiology/ct", "xray"), 32, 0.5);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var o = new ObjectOutputStream(bytes)) {
      o.writeObject(d);
    }
    Files.delete(tmp.resolve("colour.onnx"));
    Files.delete(tmp.resolve("labels.txt"));
    DomainClassifier copy;
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (DomainClassifier) in.readObject();
    }
    assertEquals("ct", copy.classify(image(Color.BLUE)).modality());
  }

  @Test void captionCuesOutrankAConfidentImageWhichOutranksArticleCues() throws Exception {
    DomainTagger t = new DomainTagger();
    DomainClassifier d = DomainClassifier.open(dynamicModel(), labels("histology", "radiology/ct", "xray"), 32, 0.75);
    List<String> derm = List.of("Dermatology");
    // an explicit caption cue decides; the classifier is not even asked
    var tag = t.tag("Dermoscopy of a nodule", null, derm, null, () -> { throw new AssertionError("classifier asked"); });
    assertEquals(List.of("dermatology", "dermoscopy", "rules", "caption:dermoscopy"), List.of(tag.domain(), tag.modality(), tag.source(), tag.cue()));
    assertNull(tag.prob());
    // no caption cue: a confident image label beats the article's subject
    tag = t.tag("A nodule on the back.", null, derm, null, () -> d.classify(image(Color.RED)));
    assertEquals(List.of("pathology", "histology", "image", "image:pathology/histology"), List.of(tag.domain(), tag.modality(), tag.source(), tag.cue()));
    assertEquals(P_COLOUR, tag.prob(), 1e-5);
    // below the threshold: the article decides, the probability is still recorded
    tag = t.tag("A nodule on the back.", null, derm, null, () -> d.classify(image(Color.BLACK)));
    assertEquals(List.of("dermatology", "clinical", "rules", "article:dermatol"), List.of(tag.domain(), tag.modality(), tag.source(), tag.cue()));
    assertEquals(P_BLACK, tag.prob(), 1e-5);
    // nothing at all
    tag = t.tag("A nodule on the back.", null, List.of(), null, () -> d.classify(image(Color.BLACK)));
    assertEquals(List.of("other", "unknown", "none", "none"), List.of(tag.domain(), tag.modality(), tag.source(), tag.cue()));
    assertEquals(P_BLACK, tag.prob(), 1e-5);
    // without a classifier: rules or none, no probability
    tag = t.tag("A nodule on the back.", null, List.of(), null);
    assertEquals("none", tag.source());
    assertNull(tag.prob());
  }

  @Test void labelNames() {
    assertArrayEquals(new String[] {"radiology", "ct"}, DomainTagger.label("CT"));
    assertArrayEquals(new String[] {"radiology", "unknown"}, DomainTagger.label(" radiology "));
    assertArrayEquals(new String[] {"hematology", "blood-smear"}, DomainTagger.label("hematology/blood-smear"));
    assertArrayEquals(new String[] {"other", "unknown"}, DomainTagger.label("other/unknown"));
    assertNull(DomainTagger.label("pathology/oct"));
    assertNull(DomainTagger.label("xrays"));
  }
}
