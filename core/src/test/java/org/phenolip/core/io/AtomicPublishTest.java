package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicPublishTest {
  @TempDir Path dir;

  @Test
  void unpublishedFolderResolvesToItself() {
    assertEquals(dir.toString(), AtomicPublish.resolve(dir.toString()));
  }

  @Test
  void anAbandonedVersionNeverBecomesCurrent() throws Exception {
    AtomicPublish p = AtomicPublish.local(dir.toString());
    var v1 = p.newVersion();
    Files.writeString(Path.of(v1.toUri().getPath()).resolve("x.txt"), "one");
    p.commit(v1);
    var v2 = p.newVersion(); // a build that dies before commit
    Files.writeString(Path.of(v2.toUri().getPath()).resolve("x.txt"), "two");
    assertEquals("one", Files.readString(Path.of(AtomicPublish.resolve(dir.toString()).replaceFirst("^file:", ""), "x.txt")));
    var v3 = p.newVersion();
    p.commit(v3);
    assertEquals(v3.getName(), p.current().getName());
    // v1 is kept as the previous version, the abandoned v2 is cleaned up
    try (var s = Files.list(dir.resolve(AtomicPublish.VERSIONS))) {
      assertEquals(2, s.count());
    }
  }

  @Test
  void republishingReplacesThePointerAndLeavesNoTemporaries() throws Exception {
    AtomicPublish p = AtomicPublish.local(dir.toString());
    p.commit(p.newVersion());
    var v2 = p.newVersion();
    p.commit(v2); // CURRENT exists now: the case where a plain rename fails on HDFS
    assertEquals(v2.getName(), Files.readString(dir.resolve(AtomicPublish.CURRENT)));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.filter(f -> f.getFileName().toString().contains("_tmp")).count());
    }
  }
}
