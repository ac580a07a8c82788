package org.phenolip.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.core.hostile.HostileImages;
import org.phenolip.core.image.ImageRejectedException.Reason;

class SafeImageDecoderTest {
  static final Path ISIC = Path.of("../data/images/isic_9class/train_subset");
  static List<Path> jpegs;

  @BeforeAll
  static void realImages() throws IOException {
    try (Stream<Path> s = Files.walk(ISIC)) {
      jpegs = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(40).toList();
    }
    assertTrue(jpegs.size() >= 20, "real JPEGs under " + ISIC);
  }

  @Test
  void realJpegsDecodeLikeImageIo() throws Exception {
    for (Path p : jpegs) {
      byte[] bytes = Files.readAllBytes(p);
      BufferedImage plain = ImageIO.read(p.toFile());
      BufferedImage safe = SafeImageDecoder.decode(bytes, ImageLimits.DEFAULT);
      assertEquals(plain.getWidth(), safe.getWidth(), p.toString());
      assertEquals(plain.getHeight(), safe.getHeight(), p.toString());
      assertEquals(plain.getRGB(plain.getWidth() / 2, plain.getHeight() / 2),
          safe.getRGB(safe.getWidth() / 2, safe.getHeight() / 2), p.toString());
      ImageInfo info = SafeImageDecoder.probe(bytes, ImageLimits.DEFAULT);
      assertEquals("jpeg", info.format());
      assertEquals(plain.getWidth(), info.width());
    }
  }

  @Test
  void realPngsInEveryColourTypeDecode() throws Exception {
    BufferedImage real = ImageIO.read(jpegs.get(0).toFile());
    for (int type : new int[] {BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_USHORT_GRAY}) {
      BufferedImage converted = new BufferedImage(real.getWidth(), real.getHeight(), type);
      converted.createGraphics().drawImage(real, 0, 0, null);
      byte[] png = png(converted);
      BufferedImage rgb = SafeImageDecoder.decodeRgb(png, ImageLimits.DEFAULT);
      assertEquals(BufferedImage.TYPE_INT_RGB, rgb.getType());
      assertEquals(real.getWidth(), rgb.getWidth());
      BufferedImage expect = ImageIO.read(new ByteArrayInputStream(png));
      int x = real.getWidth() / 3;
      int y = real.getHeight() / 3;
      if (type == BufferedImage.TYPE_BYTE_GRAY) {
        int g = expect.getRaster().getSample(x, y, 0);
        assertEquals((g << 16) | (g << 8) | g, rgb.getRGB(x, y) & 0xFFFFFF, "gray copied, not gamma-mapped");
      } else if (type != BufferedImage.TYPE_USHORT_GRAY) {
        assertEquals(expect.getRGB(x, y) & 0xFFFFFF, rgb.getRGB(x, y) & 0xFFFFFF, "type " + type);
      }
    }
  }

  @Test
  void bombPngIsRefusedFromItsHeaderWithoutAllocating() {
    byte[] bomb = HostileImages.hugePng(26_000, 26_000, 8); // 676 Mpx gray, ~0.7 MB encoded
    assertTrue(bomb.length < 3_000_000, "a small file: " + bomb.length);
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(bomb, ImageLimits.DEFAULT));
    long after = rt.totalMemory() - rt.freeMemory();
    assertEquals(Reason.TOO_LARGE, e.reason());
    assertEquals("image-too-large", e.code());
    assertTrue(e.detail().contains("26000x26000"), e.detail());
    assertTrue(after - before < 64L << 20, "no pixel buffer allocated: " + (after - before) + " bytes");
  }

  @Test
  void headerOnlyPngIsRefusedBeforeAllocation() {
    byte[] header = HostileImages.headerOnlyPng(20_000, 20_000);
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(header, ImageLimits.DEFAULT));
    assertEquals(Reason.TOO_LARGE, e.reason());
    // within the limits, a header without pixel data is an image that ends early
    ImageRejectedException small = assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(HostileImages.headerOnlyPng(64, 64), ImageLimits.DEFAULT));
    assertEquals(Reason.TRUNCATED, small.reason(), small.getMessage());
  }

  @Test
  void limitsAreConfigurable() throws Exception {
    byte[] bytes = Files.readAllBytes(jpegs.get(0));
    ImageInfo info = SafeImageDecoder.probe(bytes, ImageLimits.DEFAULT);
    ImageLimits tight = new ImageLimits(info.pixels() - 1, 100_000, 100_000, 1L << 30);
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(bytes, tight)).reason());
    ImageLimits narrow = new ImageLimits(1L << 40, info.width() - 1, 100_000, 1L << 30);
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(bytes, narrow)).reason());
    ImageLimits fewBytes = ImageLimits.DEFAULT.withMaxBytes(bytes.length - 1);
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(bytes, fewBytes)).reason());
    assertEquals(Reason.TOO_LARGE, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(new ByteArrayInputStream(bytes), fewBytes)).reason());
    assertEquals(info.width(), SafeImageDecoder.decode(new ByteArrayInputStream(bytes), ImageLimits.DEFAULT).getWidth());
    assertThrows(IllegalArgumentException.class, () -> new ImageLimits(0, 1, 1, 1));
  }

  @Test
  void truncatedJpegsAreRefusedNotGreyed() throws Exception {
    for (Path p : jpegs.subList(0, 10)) {
      byte[] cut = HostileImages.truncated(Files.readAllBytes(p), 0.6);
      assertTrue(ImageIO.read(new ByteArrayInputStream(cut)) != null, "plain ImageIO accepts it, grey-filled");
      ImageRejectedException e = assertThrows(ImageRejectedException.class,
          () -> SafeImageDecoder.decode(cut, ImageLimits.DEFAULT), p.toString());
      assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
      assertEquals(1, e.getMessage().lines().count());
    }
  }

  @Test
  void truncatedPngIsRefused() throws Exception {
    byte[] png = png(ImageIO.read(jpegs.get(1).toFile()));
    ImageRejectedException e = assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(HostileImages.truncated(png, 0.5), ImageLimits.DEFAULT));
    assertEquals(Reason.TRUNCATED, e.reason(), e.getMessage());
  }

  @Test
  void garbageEmptyAndForeignDataAreRefusedWithTheirReason() {
    assertEquals(Reason.CORRUPT, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(new byte[0], ImageLimits.DEFAULT)).reason());
    assertEquals(Reason.UNSUPPORTED, assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(HostileImages.notAnImage(), ImageLimits.DEFAULT)).reason());
    ImageRejectedException g = assertThrows(ImageRejectedException.class,
        () -> SafeImageDecoder.decode(HostileImages.garbageJpeg(5000, 7), ImageLimits.DEFAULT));
    assertTrue(g.reason() == Reason.CORRUPT || g.reason() == Reason.TRUNCATED, g.getMessage());
    assertEquals(1, g.getMessage().lines().count());
  }

  @Test
  void harmlessJpegWarningsPass() {
    assertEquals(null, SafeImageDecoder.warningReason("Corrupt JPEG data: 2 extraneous bytes before marker 0xd9"));
    assertEquals(Reason.TRUNCATED, SafeImageDecoder.warningReason("Premature end of JPEG file"));
    assertEquals(Reason.CORRUPT, SafeImageDecoder.warningReason("Corrupt JPEG data: bad Huffman code"));
  }

  static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
