package org.phenolip.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {
  static final Path ISIC = Path.of("../data/images/isic_9class/train_subset/melanoma/ISIC_0000162.jpg");

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out));
    return out.toByteArray();
  }

  static float norm(int value, int channel) {
    return (value / 255f - ImagePipeline.MEAN[channel]) / ImagePipeline.STD[channel];
  }

  /** Left half red, right half blue. */
  static BufferedImage halves(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, w / 2, h);
    g.setColor(Color.BLUE);
    g.fillRect(w / 2, 0, w - w / 2, h);
    g.dispose();
    return img;
  }

  @Test
  void uniformColourNormalisesToClipValues() throws Exception {
    BufferedImage img = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(100, 150, 200));
    g.fillRect(0, 0, 30, 20);
    g.dispose();
    float[] x = ImagePipeline.eval(8).process(encode(img, "png"), 0);
    assertEquals(3 * 8 * 8, x.length);
    for (int i = 0; i < 64; i++) {
      assertEquals(norm(100, 0), x[i], 1e-6f);
      assertEquals(norm(150, 1), x[64 + i], 1e-6f);
      assertEquals(norm(200, 2), x[128 + i], 1e-6f);
    }
  }

  @Test
  void everyEightBitValueNormalisesExactlyAsTheFormula() {
    // 16×16 = 256 pixels, channel values v, 255 − v and (7·v) mod 256; same size: no resampling
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int v = 0; v < 256; v++) {
      img.setRGB(v % 16, v / 16, (v << 16) | ((255 - v) << 8) | ((7 * v) & 0xFF));
    }
    float[] x = ImagePipeline.eval(16).process(img, 0);
    for (int v = 0; v < 256; v++) {
      assertEquals(norm(v, 0), x[v], 0f);
      assertEquals(norm(255 - v, 1), x[256 + v], 0f);
      assertEquals(norm((7 * v) & 0xFF, 2), x[512 + v], 0f);
    }
  }

  @Test
  void grayscaleBecomesThreeEqualChannels() throws Exception {
    BufferedImage gray = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    byte[] pixels = new byte[16 * 16];
    Arrays.fill(pixels, (byte) 77);
    gray.getRaster().setDataElements(0, 0, 16, 16, pixels);
    float[] x = ImagePipeline.eval(4).process(encode(gray, "png"), 0);
    for (int i = 0; i < 16; i++) {
      assertEquals(norm(77, 0), x[i], 1e-6f);
      assertEquals(norm(77, 1), x[16 + i], 1e-6f);
      assertEquals(norm(77, 2), x[32 + i], 1e-6f);
    }
  }

  @Test
  void evalResizesShorterSideAndCropsTheCentre() throws Exception {
    // 40×20: the centre 20×20 crop spans x = 10..30, red on its left half, blue on its right
    float[] x = ImagePipeline.eval(10).process(halves(40, 20), 0);
    int plane = 100;
    assertEquals(norm(255, 0), x[0], 1e-6f); // (row 0, col 0) red
    assertEquals(norm(0, 2), x[2 * plane], 1e-6f);
    assertEquals(norm(0, 0), x[9], 1e-6f); // (row 0, col 9) blue
    assertEquals(norm(255, 2), x[2 * plane + 9], 1e-6f);
  }

  @Test
  void realJpegIsDeterministicAndInRange() throws Exception {
    byte[] jpeg = Files.readAllBytes(ISIC);
    float[] a = ImagePipeline.eval(224).process(jpeg, 1);
    float[] b = ImagePipeline.eval(224).process(jpeg, 2);
    assertEquals(3 * 224 * 224, a.length);
    assertArrayEquals(a, b, 0f);
    for (int i = 0; i < a.length; i++) {
      int c = i / (224 * 224);
      assertTrue(a[i] >= norm(0, c) - 1e-5 && a[i] <= norm(255, c) + 1e-5, "value " + a[i] + " at " + i);
    }
  }

  @Test
  void trainAugmentationDependsOnlyOnTheSeed() throws Exception {
    byte[] jpeg = Files.readAllBytes(ISIC);
    ImagePipeline train = ImagePipeline.train(64);
    assertArrayEquals(train.process(jpeg, 42), train.process(jpeg, 42), 0f);
    assertFalse(Arrays.equals(train.process(jpeg, 42), train.process(jpeg, 43)));
  }

  @Test
  void trainFlipsHorizontallyAboutHalfTheTime() {
    BufferedImage img = halves(64, 64);
    ImagePipeline train = ImagePipeline.train(8);
    int flipped = 0;
    for (long seed = 0; seed < 200; seed++) {
      float[] x = train.process(img, seed);
      // crops keep ≥ 50% of the area with aspect ≤ 4/3, so both halves stay in view
      if (x[0] < 0) { // red channel low at the left edge: blue is on the left
        flipped++;
      }
    }
    assertTrue(flipped > 70 && flipped < 130, "flipped " + flipped + " of 200");
  }

  @Test
  void corruptDataIsACheckedExceptionWithTheReason() throws Exception {
    byte[] jpeg = Files.readAllBytes(ISIC);
    ImagePipeline p = ImagePipeline.eval(32);
    var truncated = assertThrows(ImageDecodeException.class, () -> p.process(Arrays.copyOf(jpeg, 100), 0));
    assertTrue(truncated.getMessage().startsWith("image-truncated: data ends early (100 bytes)"), truncated.getMessage());
    assertEquals("image-truncated", truncated.reason());
    var cut = assertThrows(ImageDecodeException.class, () -> p.process(Arrays.copyOf(jpeg, jpeg.length / 2), 0));
    assertEquals("image-truncated", cut.reason(), "half a JPEG is refused, not grey-filled");
    var garbage = assertThrows(ImageDecodeException.class, () -> p.process(new byte[] {1, 2, 3, 4, 5}, 0));
    assertEquals("image-unsupported: unrecognised image format (5 bytes, starts 01020304)", garbage.getMessage());
    var empty = assertThrows(ImageDecodeException.class, () -> p.process(new byte[0], 0));
    assertEquals("image-corrupt: empty image data", empty.getMessage());
    var bomb = assertThrows(ImageDecodeException.class,
        () -> p.process(org.phenolip.core.hostile.HostileImages.hugePng(26_000, 26_000, 1), 0));
    assertEquals("image-too-large", bomb.reason());
  }
}
