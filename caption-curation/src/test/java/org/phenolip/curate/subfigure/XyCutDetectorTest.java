package org.phenolip.curate.subfigure;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.phenolip.curate.image.FigureImages;

class XyCutDetectorTest {
  final XyCutDetector detector = new XyCutDetector();

  @Test void readingOrderIsRowsThenColumns() {
    List<Box> order = XyCutDetector.readingOrder(List.of(new Box(110, 100, 100, 90), new Box(0, 0, 100, 100),
        new Box(0, 105, 100, 90), new Box(110, 0, 100, 95)));
    assertEquals(List.of(new Box(0, 0, 100, 100), new Box(110, 0, 100, 95), new Box(0, 105, 100, 90),
        new Box(110, 100, 100, 90)), order);
  }

  @Test void aPhotoWithoutGuttersIsOnePanel() throws Exception {
    SyntheticCompounds gen = new SyntheticCompounds(Path.of("..", "data"), 4, 0, 1);
    BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    g.drawImage(gen.generate(new Random(3)).image(), 10, 10, 280, 180, null);
    g.dispose();
    // the drawn compound is squeezed: whatever it holds, margins are trimmed
    List<Box> boxes = detector.detect(img);
    assertFalse(boxes.isEmpty());
    for (Box b : boxes) assertTrue(b.x() >= 10 && b.y() >= 10 && b.right() <= 290 && b.bottom() <= 190, b.toString());
  }

  @Test void blackGutterAndThinBordersOnRealImages() throws Exception {
    SyntheticCompounds gen = new SyntheticCompounds(Path.of("..", "data"), 40, 20, 7);
    Random rng = new Random(11);
    DetectionScore score = new DetectionScore();
    for (int i = 0; i < 60; i++) {
      SyntheticCompounds.Compound c = gen.generate(rng);
      score.add(detector.detect(FigureImages.decode(c.encoded())), c.panels(), 0.5);
    }
    // the benchmark measures this on 600 figures; a test-sized sample must stay far above chance
    assertTrue(score.precision() > 0.85, "precision " + score.precision());
    assertTrue(score.recall() > 0.85, "recall " + score.recall());
    assertTrue(score.exactCountRate() > 0.8, "exact " + score.exactCountRate());
  }

  @Test void corruptAndTruncatedImagesAreRejectedWithAReason() throws Exception {
    SyntheticCompounds gen = new SyntheticCompounds(Path.of("..", "data"), 2, 0, 1);
    byte[] png = SyntheticCompounds.encode(gen.generate(new Random(1)).image(), "png", 1f);
    var e1 = assertThrows(FigureImages.Rejected.class, () -> FigureImages.decode(new byte[] {1, 2, 3}));
    assertTrue(e1.reason().equals("image-unsupported") || e1.reason().equals("image-corrupt"), e1.reason());
    var e2 = assertThrows(FigureImages.Rejected.class, () -> FigureImages.decode(java.util.Arrays.copyOf(png, png.length / 3)));
    assertEquals("image-truncated", e2.reason());
    assertEquals("image-corrupt", assertThrows(FigureImages.Rejected.class, () -> FigureImages.decode(new byte[0])).reason());
  }
}
