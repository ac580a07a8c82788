package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {
  @TempDir Path dir;

  @Test
  void atomicWriteReplacesAnExistingFileAndLeavesNoTemporaries() throws Exception {
    Storage s = Storage.local();
    String f = dir.resolve("sub/CURRENT").toString();
    s.writeAtomic(f, "one");
    s.writeAtomic(f, "two"); // onto an existing file: where HDFS's plain rename fails
    assertEquals("two", s.readString(f));
    assertEquals("two", Files.readString(dir.resolve("sub/CURRENT")));
    try (var l = Files.list(dir.resolve("sub"))) {
      assertEquals(0, l.filter(p -> p.getFileName().toString().startsWith("._tmp")).count());
    }
  }

  @Test
  void readWriteListExistsOnSchemeLessAndFileUris() throws Exception {
    Storage s = Storage.local();
    String root = dir.toUri().toString(); // file:/...
    s.writeString(Storage.child(root, "b.txt"), "B");
    s.write(Storage.child(dir.toString(), "a.bin"), new byte[] {1, 2});
    assertTrue(s.exists(Storage.child(root, "a.bin")));
    assertFalse(s.exists(Storage.child(root, "c")));
    assertEquals(2, s.list(root).size());
    assertTrue(s.list(root).get(0).endsWith("/a.bin"));
    assertEquals(0, s.list(Storage.child(root, "missing")).size());
    assertTrue(s.qualify(dir.toString()).startsWith("file:/"));
    assertTrue(s.isDirectory(root));
    assertFalse(s.isDirectory(Storage.child(root, "b.txt")));
  }

  @Test
  void aLocalRewriteOfAFileHadoopWroteStaysReadable() throws Exception {
    Storage s = Storage.local();
    String f = dir.resolve("m.json").toUri().toString();
    // Written once by Hadoop's checksummed local file system (data + .crc), then rewritten by Storage.
    try (var out = org.apache.hadoop.fs.FileSystem.getLocal(new Configuration()).create(new org.apache.hadoop.fs.Path(f), true)) {
      out.write("old".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(dir.resolve(".m.json.crc")));
    s.writeString(f, "new and longer");
    assertFalse(Files.exists(dir.resolve(".m.json.crc")), "no stale checksum left");
    assertEquals("new and longer", s.readString(f));
  }

  @Test
  void objectStoresAreRecognisedByScheme() {
    assertTrue(Storage.isObjectStore(URI.create("s3a://bucket")));
    assertFalse(Storage.isObjectStore(URI.create("hdfs://nn:8020")));
    assertFalse(Storage.isObjectStore(URI.create("file:///")));
  }

  @Test
  void travelsToTasksWithItsHadoopSettings() throws Exception {
    Configuration c = new Configuration(false);
    c.set("fs.s3a.endpoint", "http://127.0.0.1:9");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(b)) {
      o.writeObject(new Storage(c));
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      assertEquals("http://127.0.0.1:9", ((Storage) in.readObject()).conf().get("fs.s3a.endpoint"));
    }
  }

  @Test
  void aLocalTreeIsCopiedUnderATargetUriWithItsSubfolders() throws Exception {
    Path src = Files.createDirectories(dir.resolve("scratch/charts"));
    Files.writeString(dir.resolve("scratch/metrics.json"), "{}");
    Files.writeString(src.resolve("recall.png"), "png");
    String dest = dir.resolve("report").toUri().toString();
    Storage.local().putLocalTree(dir.resolve("scratch").toFile(), dest);
    assertEquals("{}", Files.readString(dir.resolve("report/metrics.json")));
    assertEquals("png", Files.readString(dir.resolve("report/charts/recall.png")));
  }
}
