package org.phenolip.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer at a time on an {@link AtomicPublish} root: {@code root/.lock} is created only if
 * absent, atomically ({@code create(overwrite=false)} on HDFS, {@code CREATE_NEW} on local
 * disks, where Hadoop's check-then-create is not atomic), so of two builds started together
 * exactly one gets it and the other stops before writing anything.
 *
 * <p>Stale locks: the holder refreshes the lock's modification time every
 * {@code staleAfter / 4}; a lock not refreshed for {@code staleAfter}, or held by a process
 * on this host that no longer runs, is taken over (renamed away first, so two takers cannot
 * both win). Released on {@link #close()} (only if still ours).
 */
public final class PublishLock implements AutoCloseable {
  public static final String LOCK = ".lock";
  /** Default: a lock untouched for 10 minutes belongs to a build that died. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(10);

  /** Another writer holds the lock: the message is one line for the user. */
  public static final class HeldException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public HeldException(String message) {
      super(message);
    }
  }

  private final FileSystem fs;
  private final Path lock;
  private final String token;
  private final Thread heartbeat;

  private PublishLock(FileSystem fs, Path lock, String token, Duration staleAfter) {
    this.fs = fs;
    this.lock = lock;
    this.token = token;
    long every = Math.max(50, staleAfter.toMillis() / 4);
    this.heartbeat = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(every);
          fs.setTimes(lock, System.currentTimeMillis(), -1);
        }
      } catch (InterruptedException | IOException e) {
        // stopping, or the lock is gone: nothing to refresh
      }
    }, "phenolip-lock-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** Takes the lock on {@code root} for {@code what} (e.g. "kg build"), or throws {@link HeldException}. */
  public static PublishLock acquire(String root, Configuration conf, String what) throws IOException {
    return acquire(root, conf, what, DEFAULT_STALE_AFTER);
  }

  public static PublishLock acquire(String root, Configuration conf, String what, Duration staleAfter) throws IOException {
    Path r = new Path(root);
    FileSystem fs = r.getFileSystem(conf);
    fs.mkdirs(r);
    Path lock = new Path(r, LOCK);
    long pid = ProcessHandle.current().pid();
    String host = host();
    String token = UUID.randomUUID().toString();
    String body = what + "\t" + host + "\t" + pid + "\t" + Instant.now() + "\t" + token;
    for (int attempt = 0; attempt < 2; attempt++) {
      if (createExclusive(fs, lock, body.getBytes(StandardCharsets.UTF_8))) {
        return new PublishLock(fs, lock, token, staleAfter);
      } else {
        String[] held = read(fs, lock);
        String stale = staleReason(fs, lock, held, host, staleAfter);
        if (stale == null || attempt > 0) {
          throw new HeldException(describe(root, held) + "; wait for it to finish"
              + (held == null ? "" : " (or, if it is gone, delete " + lock + ")"));
        }
        // take over: only one renamer of the stale file succeeds
        Path aside = new Path(r, LOCK + ".stale-" + token);
        if (!fs.rename(lock, aside)) {
          throw new HeldException(describe(root, held) + "; wait for it to finish");
        }
        fs.delete(aside, false);
      }
    }
    throw new HeldException(describe(root, read(fs, lock)));
  }

  /**
   * Creates {@code lock} only if it does not exist, atomically. HDFS and object stores with
   * conditional writes do this in {@code create(overwrite=false)}; Hadoop's local file system
   * only checks first and then creates (two processes can both pass), so local paths use the
   * JDK's {@code CREATE_NEW}, which is one atomic open.
   */
  private static boolean createExclusive(FileSystem fs, Path lock, byte[] body) throws IOException {
    if ("file".equals(fs.getScheme())) {
      java.nio.file.Path p = java.nio.file.Paths.get(fs.makeQualified(lock).toUri());
      // Written whole under a private name, then hard-linked into place: the link is atomic and
      // fails if the lock exists, so a loser never reads a lock whose body is not written yet.
      java.nio.file.Path tmp = p.resolveSibling(p.getFileName() + "." + UUID.randomUUID() + ".tmp");
      java.nio.file.Files.write(tmp, body, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
      try {
        java.nio.file.Files.createLink(p, tmp);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } finally {
        java.nio.file.Files.deleteIfExists(tmp);
      }
    }
    try (OutputStream out = fs.create(lock, false)) {
      out.write(body);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static String describe(String root, String[] held) {
    if (held == null || held.length < 4) return "another writer is publishing into " + root;
    return "another " + held[0] + " is writing " + root + " (pid " + held[2] + " on " + held[1] + ", since " + held[3] + ")";
  }

  /** Why the lock may be taken over, or null when its holder looks alive. */
  private static String staleReason(FileSystem fs, Path lock, String[] held, String host, Duration staleAfter) throws IOException {
    long age;
    try {
      age = System.currentTimeMillis() - fs.getFileStatus(lock).getModificationTime();
    } catch (java.io.FileNotFoundException gone) {
      return "released";
    }
    if (age > staleAfter.toMillis()) return "not refreshed for " + age + " ms";
    if (held != null && held.length >= 3 && host.equals(held[1])) {
      try {
        long pid = Long.parseLong(held[2]);
        if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
          return "pid " + pid + " has exited";
        }
      } catch (NumberFormatException ignored) {
        // not ours to judge: wait for staleness
      }
    }
    return null;
  }

  private static String[] read(FileSystem fs, Path lock) {
    try (var in = fs.open(lock)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\t");
    } catch (IOException e) {
      return null;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  @Override
  public void close() throws IOException {
    heartbeat.interrupt();
    String[] held = read(fs, lock);
    if (held != null && held.length >= 5 && token.equals(held[4])) fs.delete(lock, false);
  }
}
