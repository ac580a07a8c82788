package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFoldersTest {
  static final Path ISIC = Path.of("../data/images/isic_9class/train_subset");
  @TempDir Path dir;

  static Map<String, List<String>> isicMapping() throws Exception {
    try (var in = ImageFolders.class.getResourceAsStream("isic9_hpo.tsv")) {
      return ImageFolders.parseMapping("isic9_hpo.tsv", new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
  }

  @Test
  void realIsicProbeFolderIsNineClassesOfFifteen() throws Exception {
    var r = ImageFolders.labelled(ISIC);
    assertTrue(r.rejects().isEmpty());
    assertEquals(135, r.images().size());
    assertEquals(9, r.images().classes().size());
    for (int c : r.images().classCounts()) assertEquals(15, c);
    Loaded bench = ImageFolders.bench(ISIC, isicMapping(), "Dermatology", null);
    assertEquals(135, bench.items().size());
    assertEquals(List.of("HP:0012056"), bench.items().stream().filter(i -> i.caption().equals("melanoma")).findFirst().orElseThrow().phenotypes());
  }

  @Test
  void corruptFilesAndUnmappedLabelsAreRejects() throws Exception {
    Files.createDirectories(dir.resolve("ds/alpha"));
    Files.createDirectories(dir.resolve("ds/beta"));
    Files.write(dir.resolve("ds/alpha/1.png"), BenchManifestTest.png(1));
    Files.write(dir.resolve("ds/alpha/2.png"), "garbage".getBytes(StandardCharsets.UTF_8));
    Files.write(dir.resolve("ds/beta/3.png"), BenchManifestTest.png(3));
    Loaded l = ImageFolders.bench(dir.resolve("ds"), Map.of("alpha", List.of("HP:0000001")), "X", null);
    assertEquals(3, l.rowsRead());
    assertEquals(1, l.items().size());
    assertEquals(1, l.rejectsByReason().get(BenchManifest.REASON_CORRUPT_IMAGE));
    assertEquals(1, l.rejectsByReason().get(BenchManifest.REASON_NO_PHENOTYPES));
    var e = assertThrows(IllegalArgumentException.class, () -> ImageFolders.parseMapping("m.tsv", List.of("a\tHP:1")));
    assertTrue(e.getMessage().contains("m.tsv line 1"));
  }
}
