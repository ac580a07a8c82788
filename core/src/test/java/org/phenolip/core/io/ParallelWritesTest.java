package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelWritesTest {
  @TempDir Path dir;

  @Test
  void everyFileIsWrittenWhole() throws Exception {
    Storage s = Storage.local();
    try (ParallelWrites w = new ParallelWrites(s, 4)) {
      for (int i = 0; i < 200; i++) w.write(dir.resolve("out/" + i + ".bin").toString(), new byte[] {(byte) i, 1, 2});
    }
    for (int i = 0; i < 200; i++) assertArrayEquals(new byte[] {(byte) i, 1, 2}, Files.readAllBytes(dir.resolve("out/" + i + ".bin")));
  }

  @Test
  void aFailedWriteIsReportedOnClose() throws Exception {
    Files.writeString(dir.resolve("file"), "x"); // a file where a folder is needed
    Storage s = Storage.local();
    ParallelWrites w = new ParallelWrites(s, 2);
    w.write(dir.resolve("ok.bin").toString(), new byte[] {1});
    w.write(dir.resolve("file/under.bin").toString(), new byte[] {2});
    assertThrows(IOException.class, w::close);
    assertArrayEquals(new byte[] {1}, Files.readAllBytes(dir.resolve("ok.bin")), "the other writes still finish");
  }
}
