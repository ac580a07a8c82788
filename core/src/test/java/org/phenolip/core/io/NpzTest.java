package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NpzTest {
  @Test
  void readsRealMedMnist() throws Exception {
    var arrays = Npz.read(Path.of("../data/images/medmnist/breastmnist.npz"));
    var img = arrays.get("train_images");
    assertArrayEquals(new int[] {546, 28, 28}, img.shape());
    assertEquals(546 * 28 * 28, img.uint8().length);
    long[] labels = arrays.get("train_labels").longs();
    assertEquals(546, labels.length);
    assertTrue(Arrays.stream(labels).allMatch(l -> l == 0 || l == 1));
    assertTrue(Arrays.stream(labels).anyMatch(l -> l == 0) && Arrays.stream(labels).anyMatch(l -> l == 1));
    assertArrayEquals(new int[] {3882, 1}, Npz.read(Path.of("../data/images/medmnist/pneumoniamnist.npz")).get("train_labels").shape());
  }

  @Test
  void roundTripsAWrittenArray() throws Exception {
    byte[] data = {1, 2, 3, (byte) 250, 5, 6};
    var a = Npz.parseNpy("x", Npz.npyUint8(new int[] {2, 3}, data), "mem", false);
    assertArrayEquals(new int[] {2, 3}, a.shape());
    assertArrayEquals(new long[] {1, 2, 3, 250, 5, 6}, a.longs());
  }

  @Test
  void truncatedAndForeignFilesGiveClearErrors() {
    byte[] npy = Npz.npyUint8(new int[] {4}, new byte[] {1, 2, 3, 4});
    var e = assertThrows(IOException.class, () -> Npz.parseNpy("x", Arrays.copyOf(npy, npy.length - 2), "f.npz", false));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    var e2 = assertThrows(IOException.class, () -> Npz.read(new ByteArrayInputStream("hello".getBytes()), "f.npz"));
    assertTrue(e2.getMessage().startsWith("f.npz"), e2.getMessage());
  }
}
