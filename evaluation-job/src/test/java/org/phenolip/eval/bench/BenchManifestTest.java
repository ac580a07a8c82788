package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchManifestTest {
  @TempDir Path dir;

  static byte[] png(int seed) {
    byte[] px = new byte[16];
    for (int i = 0; i < px.length; i++) px[i] = (byte) (seed * 31 + i);
    return Images.grayPng(px, 0, 4, 4);
  }

  @Test
  void everyBadRowIsCountedWithItsReason() throws Exception {
    Files.createDirectories(dir.resolve("img"));
    Files.write(dir.resolve("img/a.png"), png(1));
    String good64 = Base64.getEncoder().encodeToString(png(2));
    String bad64 = Base64.getEncoder().encodeToString("not an image".getBytes(StandardCharsets.UTF_8));
    List<String> lines = List.of(
        "{\"id\":\"a\",\"image\":\"img/a.png\",\"caption\":\"cap a\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"Radiology\"}",
        "{\"id\":\"b\",\"image_base64\":\"" + good64 + "\",\"caption\":\"cap b\",\"phenotypes\":[\"HP:0000002\",\"HP:0000002\"],\"system\":\"Dermatology\"}",
        "{\"id\":\"missing\",\"image\":\"img/none.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"corrupt\",\"image_base64\":\"" + bad64 + "\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"unknown\",\"image\":\"img/a.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0009999\"],\"system\":\"x\"}",
        "{\"id\":\"nosys\",\"image\":\"img/a.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\" \"}",
        "{\"id\":\"a\",\"image\":\"img/a.png\",\"caption\":\"again\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{not json",
        "",
        "{\"id\":\"badhpo\",\"image\":\"img/a.png\",\"caption\":\"c\",\"phenotypes\":[\"HPO_1\"],\"system\":\"x\"}",
        "{\"id\":\"nocap\",\"image\":\"img/a.png\",\"caption\":\"\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}",
        "{\"id\":\"noph\",\"image\":\"img/a.png\",\"caption\":\"c\",\"phenotypes\":[],\"system\":\"x\"}",
        "{\"image\":\"img/a.png\",\"caption\":\"c\",\"phenotypes\":[\"HP:0000001\"],\"system\":\"x\"}");
    Path m = dir.resolve("bench.jsonl");
    Files.write(m, lines, StandardCharsets.UTF_8);
    PhenotypeTable table = new PhenotypeTable(Map.of("HP:0000001", "one", "HP:0000002", "two"));
    Loaded l = BenchManifest.readJsonl(m, table, true);
    assertEquals(12, l.rowsRead());
    assertEquals(List.of("a", "b"), l.items().stream().map(BenchItem::id).toList());
    assertEquals(List.of("HP:0000002"), l.items().get(1).phenotypes(), "repeated ids collapse");
    Map<String, Integer> why = l.rejectsByReason();
    assertEquals(1, why.get(BenchManifest.REASON_MISSING_IMAGE));
    assertEquals(1, why.get(BenchManifest.REASON_CORRUPT_IMAGE));
    assertEquals(1, why.get(BenchManifest.REASON_UNKNOWN_HPO));
    assertEquals(1, why.get(BenchManifest.REASON_EMPTY_SYSTEM));
    assertEquals(1, why.get(BenchManifest.REASON_DUPLICATE_ID));
    assertEquals(1, why.get(BenchManifest.REASON_MALFORMED));
    assertEquals(1, why.get(BenchManifest.REASON_MALFORMED_HPO));
    assertEquals(1, why.get(BenchManifest.REASON_EMPTY_CAPTION));
    assertEquals(1, why.get(BenchManifest.REASON_NO_PHENOTYPES));
    assertEquals(1, why.get(BenchManifest.REASON_MISSING_ID));
    // Without a table the unknown id is accepted.
    assertEquals(3, BenchManifest.readJsonl(m, null, true).items().size());
  }

  @Test
  void writeThenReadRoundTrips() {
    List<BenchItem> items = List.of(
        new BenchItem("PMC1/fig 1", null, png(3), "first", List.of("HP:0000001"), "Radiology"),
        new BenchItem("PMC2/f2", null, png(4), "second", List.of("HP:0000001", "HP:0000002"), "Pathology"));
    Path m = dir.resolve("out/bench.jsonl");
    BenchManifest.writeJsonl(m, items);
    Loaded l = BenchManifest.readJsonl(m, null, true);
    assertEquals(2, l.items().size());
    assertTrue(l.rejects().isEmpty());
    for (int i = 0; i < 2; i++) {
      BenchItem a = items.get(i), b = l.items().get(i);
      assertEquals(a.id(), b.id());
      assertArrayEquals(a.image(), b.imageBytes());
      assertEquals(a.caption(), b.caption());
      assertEquals(a.phenotypes(), b.phenotypes());
      assertEquals(a.system(), b.system());
    }
  }
}
