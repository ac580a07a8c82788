package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * What every file system behind {@link Storage} and {@link AtomicPublish} must satisfy (in the
 * style of Apache Jena's contract tests). A subclass per file system supplies a fresh, empty
 * root folder URI and the Hadoop configuration that reaches it.
 */
abstract class StorageContract {
  /** A fresh, empty folder (full URI) for one test. */
  protected abstract String root() throws Exception;

  protected abstract Configuration conf();

  private Storage storage() {
    return new Storage(conf());
  }

  @Test
  void writeReadRoundTrip() throws Exception {
    Storage s = storage();
    String f = Storage.child(root(), "a/b.txt");
    s.writeString(f, "héllo");
    assertTrue(s.exists(f));
    assertEquals("héllo", s.readString(f));
    byte[] bin = new byte[70_000];
    for (int i = 0; i < bin.length; i++) bin[i] = (byte) i;
    String g = Storage.child(root(), "bin");
    s.write(g, bin);
    assertArrayEquals(bin, s.readBytes(g));
  }

  @Test
  void atomicWriteReplacesAnExistingFileAndLeavesNoTemporaries() throws Exception {
    Storage s = storage();
    String dir = root();
    String f = Storage.child(dir, "CURRENT");
    s.writeAtomic(f, "one");
    s.writeAtomic(f, "two");
    assertEquals("two", s.readString(f));
    assertEquals(List.of(s.qualify(f)), s.list(dir).stream().map(s::qualify).toList());
  }

  @Test
  void aLargeReplacementIsPublishedAtCommitOnly() throws Exception {
    Storage s = storage();
    String dir = root();
    String f = Storage.child(dir, "out/export.nt");
    s.writeString(f, "old");
    byte[] big = "x".repeat(3_000_000).getBytes(StandardCharsets.UTF_8); // several buffers and S3 parts' worth
    try (Storage.Replacement out = s.replace(f)) {
      out.write(big);
      assertEquals("old", s.readString(f), "nothing visible before commit");
      out.commit();
    }
    assertArrayEquals(big, s.readBytes(f));
    assertEquals(List.of(s.qualify(f)), s.list(Storage.child(dir, "out")).stream().map(s::qualify).toList(),
        "no temporary left beside it");
  }

  @Test
  void aReplacementClosedWithoutCommitLeavesTheOldFile() throws Exception {
    Storage s = storage();
    String dir = root();
    String f = Storage.child(dir, "result.csv");
    s.writeString(f, "old");
    try (Storage.Replacement out = s.replace(f)) {
      out.write("half of the ne".getBytes(StandardCharsets.UTF_8));
      // the writer fails here: no commit
    }
    assertEquals("old", s.readString(f));
    String fresh = Storage.child(dir, "never.csv");
    try (Storage.Replacement out = s.replace(fresh)) {
      out.write(1);
    }
    assertFalse(s.exists(fresh), "a first write that failed leaves no file");
    assertEquals(List.of(s.qualify(f)), s.list(dir).stream().map(s::qualify).toList(), "no temporary left");
  }

  @Test
  void aReaderNeverSeesAPartialFile() throws Exception {
    Storage s = storage();
    String f = Storage.child(root(), "pointer");
    String a = "a".repeat(50_000), b = "b".repeat(50_000);
    s.writeAtomic(f, a);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> bad = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 0; i < 20; i++) s.writeAtomic(f, i % 2 == 0 ? b : a);
      } catch (Exception e) {
        bad.compareAndSet(null, "writer: " + e);
      } finally {
        done.set(true);
      }
    });
    writer.start();
    while (!done.get()) {
      try {
        String seen = new String(s.readBytes(f), StandardCharsets.UTF_8);
        if (!seen.equals(a) && !seen.equals(b)) bad.compareAndSet(null, "partial read of " + seen.length() + " chars");
      } catch (java.io.FileNotFoundException e) {
        bad.compareAndSet(null, "pointer missing during replace");
      }
    }
    writer.join();
    assertNull(bad.get());
  }

  @Test
  void listAndDelete() throws Exception {
    Storage s = storage();
    String dir = root();
    s.writeString(Storage.child(dir, "b"), "2");
    s.writeString(Storage.child(dir, "a"), "1");
    s.writeString(Storage.child(dir, "sub/c"), "3");
    List<String> names = s.list(dir).stream().map(p -> new Path(p).getName()).toList();
    assertEquals(List.of("a", "b", "sub"), names);
    assertTrue(s.list(Storage.child(dir, "missing")).isEmpty());
    assertTrue(s.delete(Storage.child(dir, "sub"), true));
    assertFalse(s.exists(Storage.child(dir, "sub/c")));
    assertTrue(s.delete(Storage.child(dir, "a"), false));
    assertEquals(List.of("b"), s.list(dir).stream().map(p -> new Path(p).getName()).toList());
  }

  @Test
  void commitOverAnExistingCurrent() throws Exception {
    String dir = root();
    AtomicPublish p = new AtomicPublish(dir, conf());
    assertNull(p.current());
    p.commit(p.newVersion());
    Path v2 = p.newVersion();
    p.commit(v2);
    assertEquals(v2.getName(), p.current().getName());
    Storage s = storage();
    assertEquals(v2.getName(), s.readString(Storage.child(dir, AtomicPublish.CURRENT)).trim());
    for (String e : s.list(dir)) assertFalse(new Path(e).getName().contains("_tmp"), e);
  }

  @Test
  void aKilledBuildIsNotCurrentAndThePreviousVersionStaysReadable() throws Exception {
    String dir = root();
    Storage s = storage();
    AtomicPublish p = new AtomicPublish(dir, conf());
    Path v1 = p.newVersion();
    s.writeString(new Path(v1, "x.txt").toString(), "one");
    p.commit(v1);
    Path v2 = p.newVersion(); // the build dies before commit
    s.writeString(new Path(v2, "x.txt").toString(), "two");
    assertEquals(v1.getName(), p.current().getName());
    assertEquals("one", s.readString(new Path(p.current(), "x.txt").toString()));
    Path v3 = p.newVersion();
    s.writeString(new Path(v3, "x.txt").toString(), "three");
    p.commit(v3);
    assertEquals("three", s.readString(new Path(p.current(), "x.txt").toString()));
    // the previous version is kept readable, the abandoned one is cleaned up
    assertEquals("one", s.readString(new Path(v1, "x.txt").toString()));
    assertFalse(s.exists(v2.toString()));
  }

  @Test
  void resolveFollowsCurrent() throws Exception {
    String dir = root();
    AtomicPublish p = new AtomicPublish(dir, conf());
    Path v = p.newVersion();
    p.commit(v);
    assertEquals(v.getName(), new Path(resolve(dir)).getName());
    String plain = Storage.child(root(), "plain");
    storage().mkdirs(plain);
    assertEquals(plain, resolve(plain));
  }

  /** What {@link AtomicPublish#resolve} answers, with this file system's configuration. */
  private String resolve(String dir) throws Exception {
    org.apache.hadoop.fs.Path c = new AtomicPublish(dir, conf()).current();
    return c == null ? dir : c.toString();
  }

  @Test
  void localTreeHoldsTheFolderAndFollowsAChange() throws Exception {
    Storage s = storage();
    String dir = Storage.child(root(), "model");
    s.writeString(Storage.child(dir, "config.json"), "{\"dim\":8}");
    s.writeString(Storage.child(dir, "sub/params.bin"), "p1");
    java.nio.file.Path local = s.localTree(dir);
    assertEquals("{\"dim\":8}", java.nio.file.Files.readString(local.resolve("config.json")));
    assertEquals("p1", java.nio.file.Files.readString(local.resolve("sub/params.bin")));
    assertEquals(local, s.localTree(dir), "unchanged: the same copy");
    s.writeString(Storage.child(dir, "sub/params.bin"), "p2 longer");
    assertEquals("p2 longer", java.nio.file.Files.readString(s.localTree(dir).resolve("sub/params.bin")));
  }

  @Test
  void localTreeOfASingleFileKeepsItsName() throws Exception {
    Storage s = storage();
    String f = Storage.child(root(), "in/hp.json.gz");
    s.write(f, new byte[] {1, 2, 3});
    java.nio.file.Path local = s.localTree(f);
    assertEquals("hp.json.gz", local.getFileName().toString(), "the loaders pick the format by the name");
    assertArrayEquals(new byte[] {1, 2, 3}, java.nio.file.Files.readAllBytes(local));
  }

  @Test
  void anOutputFolderEndsUpAtItsUri() throws Exception {
    Storage s = storage();
    String out = Storage.child(root(), "run");
    OutputFolder o = OutputFolder.of(out, "--out");
    assertTrue(o.show("model").endsWith("/run/model"), o.show("model"));
    assertEquals(o.remote(), o.show("model").contains("://"), "a local folder is shown as a plain path: " + o.show("model"));
    java.nio.file.Files.createDirectories(o.local().resolve("model"));
    java.nio.file.Files.writeString(o.local().resolve("model/config.json"), "c");
    s.writeString(o.child("metrics.jsonl"), "{}\n"); // what a task writes straight there
    o.publish(s);
    assertEquals("c", s.readString(Storage.child(out, "model/config.json")));
    assertEquals("{}\n", s.readString(Storage.child(out, "metrics.jsonl")));
  }
}
