package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {
  @TempDir Path dir;

  static byte[] npy(String descr, String shape, byte[] data) {
    String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
    int total = 10 + h.length() + 1;
    int pad = (64 - total % 64) % 64;
    h = h + " ".repeat(pad) + "\n";
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length(), 0});
    o.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
    o.writeBytes(data);
    return o.toByteArray();
  }

  @Test
  void readsAHandWrittenArchive() throws Exception {
    Path f = dir.resolve("t.npz");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
      z.putNextEntry(new ZipEntry("train_images.npy"));
      z.write(npy("|u1", "2, 2, 3", new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (byte) 255}));
      z.putNextEntry(new ZipEntry("train_labels.npy"));
      z.write(npy("<i8", "2, 1", new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    }
    var a = NpzFile.read(f);
    assertArrayEquals(new int[] {2, 2, 3}, a.get("train_images").shape());
    assertEquals((byte) 255, a.get("train_images").uint8()[11]);
    assertArrayEquals(new long[] {1, 0}, a.get("train_labels").longs());
    LabelledImages li = MedMnist.read(f, "train");
    assertArrayEquals(new int[] {1, 0}, li.labels());
    assertEquals(2, Images.decode(li.images().get(0)).getHeight());
  }

  @Test
  void realMedMnistSplitsHaveTheDocumentedCounts() {
    LabelledImages breast = MedMnist.read(Path.of("../data/images/medmnist/breastmnist.npz"), "train");
    assertEquals(546, breast.size());
    assertArrayEquals(new int[] {147, 399}, breast.classCounts());
    assertEquals("malignant", breast.classes().get(0));
    assertEquals(28, Images.decode(breast.images().get(0)).getWidth());
    LabelledImages pneu = MedMnist.read(Path.of("../data/images/medmnist/pneumoniamnist.npz"), "test");
    assertArrayEquals(new int[] {234, 390}, pneu.classCounts());
    var e = assertThrows(IllegalArgumentException.class, () -> MedMnist.read(Path.of("../data/images/medmnist/breastmnist.npz"), "dev"));
    assertTrue(e.getMessage().contains("dev_images"));
    assertFalse(Arrays.asList(NpzFile.read(Path.of("../data/images/medmnist/breastmnist.npz")).keySet().toArray()).isEmpty());
  }
}
