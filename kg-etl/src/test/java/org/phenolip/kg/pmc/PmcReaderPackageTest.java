package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OA packages built here with known content: which bytes end up on which figure. */
class PmcReaderPackageTest {
  // real (tiny, distinct) images: the reader decodes every image it attaches
  static final byte[] JPG1 = image("jpg", 0x336699), GIF1 = image("gif", 0x993366), JPG2A = image("jpg", 0x669933),
      JPG3 = image("jpg", 0x999999);

  static byte[] image(String format, int rgb) {
    var img = new java.awt.image.BufferedImage(12, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) for (int x = 0; x < 12; x++) img.setRGB(x, y, rgb + x + y);
    var out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(img, format, out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] quirksPackage(boolean withFig3) throws Exception {
    byte[] nxml = Files.readAllBytes(JatsReaderTest.FIXTURES.resolve("quirks.nxml"));
    var entries = new java.util.ArrayList<>(List.of(
        new OaPackages.Entry("PMC7654321/quirks.nxml", nxml),
        new OaPackages.Entry("PMC7654321/quirks-fig1.gif", GIF1),
        new OaPackages.Entry("PMC7654321/quirks-fig1.jpg", JPG1),
        new OaPackages.Entry("PMC7654321/quirks-fig2a.jpg", JPG2A),
        new OaPackages.Entry("PMC7654321/quirks.pdf", bytes("%PDF"))));
    if (withFig3) entries.add(new OaPackages.Entry("PMC7654321/quirks.2020.1.g003.jpg", JPG3));
    return OaPackages.tarGz(entries);
  }

  @Test
  void imagesAttachedToTheirFigures() throws Exception {
    ParsedArticle p = PmcReader.read(SourceDocument.of("oa/PMC7654321.tar.gz", quirksPackage(true)));
    assertFalse(p.isRejected(), p.rejects()::toString);
    assertEquals("oa/PMC7654321.tar.gz!PMC7654321/quirks.nxml", p.article().source());
    List<Figure> f = p.figures();
    assertEquals("PMC7654321/quirks-fig1.jpg", f.get(0).imageName(), "extension-less href; jpg preferred over gif");
    assertArrayEquals(JPG1, f.get(0).image());
    assertEquals("PMC7654321/quirks-fig2a.jpg", f.get(1).imageName(), "first graphic that has an image");
    assertArrayEquals(JPG2A, f.get(1).image());
    assertEquals("PMC7654321/quirks.2020.1.g003.jpg", f.get(2).imageName(), "info:doi href matched by its last segment");
    assertArrayEquals(JPG3, f.get(2).image());
    assertEquals(List.of(), p.rejects(), "every figure has an image: no warning");
  }

  @Test
  void missingImageIsAWarningAndTheFigureIsKept() throws Exception {
    ParsedArticle p = PmcReader.read(SourceDocument.of("PMC7654321.tgz", quirksPackage(false)));
    assertFalse(p.isRejected());
    assertEquals(3, p.figures().size());
    assertNull(p.figures().get(2).image());
    assertNull(p.figures().get(2).imageName());
    assertEquals(1, p.rejects().size());
    Reject r = p.rejects().get(0);
    assertEquals("image-missing", r.reason());
    assertFalse(r.reasonEnum().dropsRecord());
    assertEquals("PMC7654321.tgz#F3", r.source());
    assertTrue(r.detail().startsWith("PMC7654321/F3"), r.detail());
  }

  @Test
  void severalArticlesInOnePackage() throws Exception {
    byte[] nxml = Files.readAllBytes(JatsReaderTest.FIXTURES.resolve("minimal-no-ids.xml"));
    byte[] pkg = OaPackages.tarGz(List.of(new OaPackages.Entry("P/b.xml", nxml), new OaPackages.Entry("P/a.nxml", nxml)));
    ParsedArticle p = PmcReader.read(SourceDocument.of("two.tar.gz", pkg));
    assertEquals("two.tar.gz!P/a.nxml", p.article().source(), ".nxml is the article file");
    assertEquals("a.nxml", p.article().articleId());
    assertEquals(List.of("package-extra-article"), p.rejects().stream().map(Reject::reason).toList());
  }

  @Test
  void rejectedArticleInsideAPackage() throws Exception {
    byte[] pkg = OaPackages.tarGz(List.of(new OaPackages.Entry("P/x.nxml",
        Files.readAllBytes(JatsReaderTest.FIXTURES.resolve("xxe.xml")))));
    ParsedArticle p = PmcReader.read(SourceDocument.of("x.tar.gz", pkg));
    assertTrue(p.isRejected());
    assertEquals("x.tar.gz!P/x.nxml", p.rejects().get(0).source());
    assertEquals("xml-doctype-entities", p.rejects().get(0).reason());
  }

  @Test
  void packagesAreReproducible() throws Exception {
    assertArrayEquals(quirksPackage(true), quirksPackage(true));
  }

  @Test
  void sourceWalksTheTreeInOrderAndReconciles(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("b/.hidden"));
    Files.createDirectories(tmp.resolve("a"));
    Files.write(tmp.resolve("b/PMC7654321.tar.gz"), quirksPackage(false));
    Files.copy(JatsReaderTest.FIXTURES.resolve("quirks.nxml"), tmp.resolve("a/quirks.nxml"));
    Files.copy(JatsReaderTest.FIXTURES.resolve("truncated.nxml"), tmp.resolve("a/truncated.xml"));
    Files.writeString(tmp.resolve("a/README.md"), "not an input");
    Files.writeString(tmp.resolve("a/fig.jpg"), "not an input");
    Files.copy(JatsReaderTest.FIXTURES.resolve("quirks.nxml"), tmp.resolve("b/.hidden/skip.nxml"));
    List<Path> inputs = PmcSource.list(tmp);
    assertEquals(List.of(tmp.resolve("a/quirks.nxml"), tmp.resolve("a/truncated.xml"), tmp.resolve("b/PMC7654321.tar.gz")), inputs);
    List<ParsedArticle> all = PmcSource.read(tmp).toList();
    long articles = all.stream().filter(p -> !p.isRejected()).count();
    long dropped = all.stream().flatMap(p -> p.rejects().stream()).filter(r -> r.reasonEnum().dropsRecord()).count();
    long warnings = all.stream().flatMap(p -> p.rejects().stream()).filter(r -> !r.reasonEnum().dropsRecord()).count();
    assertEquals(inputs.size(), articles + dropped, "documents read = articles written + record-level rejects");
    assertEquals(2, articles);
    assertEquals(1, warnings, "the package's F3 has no image");
    assertEquals(6, all.stream().mapToInt(p -> p.figures().size()).sum());
  }

  @Test
  void missingRootFolderIsAClearError(@TempDir Path tmp) {
    var e = assertThrows(IllegalArgumentException.class, () -> PmcSource.list(tmp.resolve("nope")));
    assertTrue(e.getMessage().contains("nope"));
  }
}
