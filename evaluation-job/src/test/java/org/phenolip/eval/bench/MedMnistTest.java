package org.phenolip.eval.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.io.Npz;
import org.phenolip.core.io.Storage;
import org.phenolip.eval.spark.ImageReader;

/** The driver lists a MedMNIST split (labels and shape only); a member URI decodes to the image the whole-file read gives. */
class MedMnistTest {
  static final Path BREAST = Path.of("../data/images/medmnist/breastmnist.npz");
  @TempDir Path dir;

  @Test
  void listedSplitHasLabelsAndMemberUrisThatDecodeToTheSamePixels() throws Exception {
    LabelledImages test = MedMnist.listed(Storage.local(), BREAST.toString(), "test");
    Map<String, Npz.Array> all = Npz.read(BREAST);
    Npz.Array images = all.get("test_images");
    long[] labels = all.get("test_labels").longs();
    int n = images.shape()[0], h = images.shape()[1], w = images.shape()[2];
    assertEquals(n, test.size());
    assertNull(test.images(), "no image bytes on the driver");
    assertEquals(java.util.List.of("malignant", "normal or benign"), test.classes());
    for (int i : new int[] {0, 1, n / 2, n - 1}) {
      assertEquals(labels[i], test.labels()[i]);
      assertEquals("breastmnist/test/" + i, test.ids().get(i));
      byte[] png = ImageReader.read(test.uris().get(i), Storage.local().conf());
      assertArrayEquals(Images.grayPng(images.uint8(), i * h * w, h, w), png, "image " + i);
    }
  }

  @Test
  void badFilesAndMembersAreClearErrors() throws Exception {
    Path notZip = Files.writeString(dir.resolve("x.npz"), "not a zip");
    var e = assertThrows(IllegalArgumentException.class, () -> MedMnist.listed(Storage.local(), notZip.toString(), "test"));
    assertTrue(e.getMessage().contains("not a valid .npz"), e.getMessage());
    var missing = assertThrows(IllegalArgumentException.class, () -> MedMnist.listed(Storage.local(), BREAST.toString(), "holdout"));
    assertTrue(missing.getMessage().contains("no holdout_images / holdout_labels"), missing.getMessage());
    String uri = Storage.uri(BREAST.toAbsolutePath().toString()) + "#test_images/99999";
    assertTrue(MedMnist.isMember(uri));
    assertThrows(IllegalArgumentException.class, () -> MedMnist.png(uri, Storage.local()));
    assertFalse(MedMnist.isMember("file:/a/b.png"));
  }
}
