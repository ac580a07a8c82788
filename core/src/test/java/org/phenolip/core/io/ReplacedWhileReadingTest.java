package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that overlaps a replace fails on HDFS with "Blocklist for … has changed!" (seen in CI
 * under load, too rare for the contract test to hit on demand): the file is read again, a bounded
 * number of times after growing waits, and other failures are not retried.
 */
class ReplacedWhileReadingTest {
  /** Local files whose first {@code failures} reads fail with the message HDFS's DFSInputStream uses. */
  public static final class ReplacingFileSystem extends RawLocalFileSystem {
    static final AtomicInteger failures = new AtomicInteger();
    static volatile String message;
    /** Fail in open() itself, with S3A's exception type, as S3A can when the object is replaced. */
    static volatile boolean atOpen;

    @Override
    public String getScheme() {
      return "replacing";
    }

    @Override
    public java.net.URI getUri() {
      return java.net.URI.create("replacing:///");
    }

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize) throws IOException {
      if (atOpen && failures.getAndDecrement() > 0) throw new RemoteFileChangedException(message);
      FSDataInputStream real = super.open(f, bufferSize);
      if (atOpen || failures.getAndDecrement() <= 0) return real;
      String src = f.toUri().getPath();
      return new FSDataInputStream(new FSInputStream() {
        @Override public int read() throws IOException {
          throw new IOException(message.replace("SRC", src));
        }
        @Override public void seek(long pos) {}
        @Override public long getPos() { return 0; }
        @Override public boolean seekToNewSource(long target) { return false; }
        @Override public void close() throws IOException { real.close(); }
      });
    }
  }

  /** Stands in for S3A's exception of this name (what the retry looks for). */
  static final class RemoteFileChangedException extends IOException {
    RemoteFileChangedException(String m) {
      super(m);
    }
  }

  @TempDir Path dir;

  @org.junit.jupiter.api.AfterEach
  void reset() {
    ReplacingFileSystem.atOpen = false;
  }

  private Storage storage() {
    Configuration c = new Configuration();
    c.set("fs.replacing.impl", ReplacingFileSystem.class.getName());
    c.setBoolean("fs.replacing.impl.disable.cache", true);
    return new Storage(c);
  }

  private String pointer() throws IOException {
    Files.writeString(dir.resolve("pointer"), "v2");
    return "replacing://" + dir.resolve("pointer").toUri().getPath();
  }

  @Test
  void aReadThatMeetsAReplacedBlockListIsReadAgain() throws Exception {
    String f = pointer();
    ReplacingFileSystem.message = "Blocklist for SRC has changed!";
    ReplacingFileSystem.failures.set(2);
    assertEquals("v2", storage().readString(f));
    assertTrue(ReplacingFileSystem.failures.get() < 0, "both failing reads were consumed");
  }

  @Test
  void aReplacedObjectMetWhenOpeningIsReadAgain() throws Exception {
    String f = pointer();
    ReplacingFileSystem.message = "open s3a://b/pointer at 0: 412 PreconditionFailed";
    ReplacingFileSystem.atOpen = true;
    ReplacingFileSystem.failures.set(2);
    assertEquals("v2", storage().readString(f));
  }

  @Test
  void aReadOutlastsAWriterThatReplacesTheFileManyTimes() throws Exception {
    String f = pointer();
    ReplacingFileSystem.message = "Blocklist for SRC has changed!";
    ReplacingFileSystem.failures.set(Storage.READ_ATTEMPTS - 1);
    assertEquals("v2", storage().readString(f));
  }

  @Test
  void retriesAreBounded() throws Exception {
    String f = pointer();
    ReplacingFileSystem.message = "Blocklist for SRC has changed!";
    ReplacingFileSystem.failures.set(100);
    IOException e = assertThrows(IOException.class, () -> storage().readString(f));
    assertTrue(e.getMessage().endsWith("has changed!"), e.getMessage());
    assertEquals(100 - Storage.READ_ATTEMPTS, ReplacingFileSystem.failures.get(),
        Storage.READ_ATTEMPTS + " reads, then the failure is reported");
  }

  @Test
  void otherFailuresAreNotRetried() throws Exception {
    String f = pointer();
    ReplacingFileSystem.message = "Connection reset by peer";
    ReplacingFileSystem.failures.set(2);
    IOException e = assertThrows(IOException.class, () -> storage().readString(f));
    assertEquals("Connection reset by peer", e.getMessage());
    assertEquals(1, ReplacingFileSystem.failures.get());
  }

  @Test
  void aMissingFileIsReportedAtOnce() {
    ReplacingFileSystem.failures.set(0);
    assertThrows(java.io.FileNotFoundException.class,
        () -> storage().readString("replacing://" + dir.resolve("absent").toUri().getPath()));
  }
}
