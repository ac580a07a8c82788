package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.hostile.HostileImages;
import org.phenolip.core.hostile.HostilePmc;
import org.phenolip.core.hostile.Tar;

/** The hostile-input corpus, at the issue's sizes, through the PMC reader: every case a reject with its reason. */
class HostileInputsTest {
  /** The heap the readers must get through the corpus in (kg-etl's hostile-heap surefire execution: -Xmx512m). */
  static final long HEAP_CAP = 512L << 20;

  static List<Path> isic() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("../data/images/isic_9class/train_subset/nevus"))) {
      return s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(3).toList();
    }
  }

  @Test
  void everyHostileInputIsARejectWithItsReasonAndGoodFiguresSurvive(@TempDir Path tmp) throws IOException {
    long max = Runtime.getRuntime().maxMemory();
    assertTrue(max <= HEAP_CAP, "this test proves a bound only under -Xmx" + (HEAP_CAP >> 20) + "m (kg-etl's hostile-heap"
        + " surefire execution); this JVM's heap may grow to " + (max >> 20) + " MiB");
    List<HostilePmc.Case> cases = HostilePmc.write(tmp, isic(), HostilePmc.ISSUE);
    resetPeaks();
    for (HostilePmc.Case c : cases) {
      ParsedArticle p = PmcReader.read(c.file(), PmcLimits.DEFAULT);
      Map<String, List<Reject>> byReason = p.rejects().stream().collect(Collectors.groupingBy(Reject::reason));
      if (c.reason() == null) {
        assertTrue(p.rejects().isEmpty(), c.name() + ": " + p.rejects());
      } else {
        assertEquals(List.of(c.reason()), List.copyOf(byReason.keySet()), c.name() + ": " + p.rejects());
        Reject r = byReason.get(c.reason()).get(0);
        assertEquals(1, r.detail().lines().count(), r.detail());
        assertFalse(r.detail().contains("null"), "a real detail: " + r.detail());
      }
      assertEquals(c.dropsArticle(), p.isRejected(), c.name());
      for (String good : c.goodFigureIds()) {
        Figure f = p.figures().stream().filter(x -> x.figureId().equals(good)).findFirst().orElseThrow();
        assertNotNull(f.image(), c.name() + " keeps " + good + " with its image");
      }
      if (c.badFigureId() != null) {
        var bad = p.figures().stream().filter(x -> x.figureId().equals(c.badFigureId())).findFirst();
        if (c.reason().equals("caption-too-long")) assertTrue(bad.isEmpty(), "figure dropped");
        else assertNull(bad.orElseThrow().image(), c.name() + ": figure kept without its image");
      }
    }
    // a 1 GiB entry (twice), a 26000² and a 20000² PNG, a 2.2 GB file, a 20 MB caption: none is ever held (holding
    // one would end this JVM's run with an OutOfMemoryError); and, as before the cap, the sum of the pools' peaks
    // (an upper bound of the true peak) stays under 512 MiB (186 and 273 MiB in CI under the cap)
    long peak = peakHeapBytes();
    System.out.printf("hostile inputs under -Xmx%dm: sum of heap pool peaks %d MiB%n", HEAP_CAP >> 20, peak >> 20);
    assertTrue(peak < 512L << 20, "peak heap " + (peak >> 20) + " MiB");
  }

  @Test
  void truncatedGzipGetsARealDetail() {
    byte[] whole = Tar.gz(t -> t.file("a/a.nxml", HostilePmc.article("PMC1", "")).file("a/x.jpg", HostileImages.garbageJpeg(300_000, 1)));
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
    ParsedArticle p = PmcReader.read(SourceDocument.of("cut.tar.gz", cut));
    Reject r = p.rejects().get(0);
    assertEquals("package-corrupt", r.reason());
    assertTrue(r.detail().startsWith("truncated:"), r.detail());
    assertFalse(r.detail().contains("EOFException: null"), r.detail());
  }

  @Test
  void packageTooLargeFromTheTarHeaders() {
    byte[] pkg = Tar.gz(t -> t.file("a/a.nxml", HostilePmc.article("PMC1", "")).zeros("a/s1.tif", 3L << 20).zeros("a/s2.tif", 3L << 20));
    ParsedArticle p = PmcReader.read(SourceDocument.of("big.tar.gz", pkg), PmcLimits.DEFAULT.withPackageBytes(4L << 20));
    assertEquals("package-too-large", p.rejects().get(0).reason());
    assertTrue(p.isRejected());
  }

  @Test
  void articleEntryOverTheLimitIsNotInflated() {
    PmcLimits small = new PmcLimits(1L << 30, 4L << 30, 64L << 20, 1000, 50_000, PmcLimits.DEFAULT.image());
    byte[] pkg = Tar.gz(t -> t.file("a/a.nxml", HostilePmc.article("PMC1", "<!-- " + "x".repeat(2000) + " -->")));
    assertEquals("article-too-large", PmcReader.read(SourceDocument.of("a.tar.gz", pkg), small).rejects().get(0).reason());
  }

  @Test
  void entityDeclaredAnywhereInALongDoctypeIsSeen() {
    StringBuilder pad = new StringBuilder();
    while (pad.length() < 100_000) pad.append("<!ELEMENT e").append(pad.length()).append(" (#PCDATA)>\n");
    String head = "<?xml version=\"1.0\"?>\n<!DOCTYPE article [\n";
    for (String xml : List.of(head + "<!ENTITY early 'x'>\n" + pad + "]>\n<article/>",
        head + pad + "<!ENTITY late 'x'>\n]>\n<article/>",
        head + "<!-- ]> -->\n" + pad + "<!ENTITY afterComment 'x'>\n]>\n<article/>",
        head + "<!ATTLIST article a CDATA ']>'>\n<!ENTITY afterLiteral 'x'>\n]>\n<article/>")) {
      ParsedArticle p = JatsReader.read("d.nxml", xml.getBytes(StandardCharsets.UTF_8));
      assertEquals("xml-doctype-entities", p.rejects().get(0).reason(), xml.substring(0, 60));
    }
    // an entity-free subset and "<!ENTITY" in the body text are not entities
    String fine = head + pad + "]>\n<article><body><p>&lt;!ENTITY is text</p></body></article>";
    assertEquals(-1, DoctypeGuard.entityDeclarationLine(fine.getBytes(StandardCharsets.UTF_8)));
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) b.resetPeakUsage();
  }

  /** Sum of the heap pools' peaks since {@link #resetPeaks()} (an upper bound of the true peak). */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean b : ManagementFactory.getMemoryPoolMXBeans()) if (b.getType() == MemoryType.HEAP) sum += b.getPeakUsage().getUsed();
    return sum;
  }
}
