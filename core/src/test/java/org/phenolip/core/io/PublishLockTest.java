package org.phenolip.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishLockTest {
  @Test
  void ofManyConcurrentTakersExactlyOneWins(@TempDir Path tmp) throws Exception {
    String root = tmp.resolve("kg").toString();
    int n = 8;
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger won = new AtomicInteger();
    List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());
    List<PublishLock> held = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          go.await();
          held.add(PublishLock.acquire(root, new Configuration(), "kg build"));
          won.incrementAndGet();
        } catch (PublishLock.HeldException e) {
          lost.add(e.getMessage());
        } catch (Exception e) {
          lost.add("unexpected " + e);
        }
      });
      t.start();
      threads.add(t);
    }
    go.countDown();
    for (Thread t : threads) t.join();
    assertEquals(1, won.get());
    assertEquals(n - 1, lost.size());
    for (String m : lost) {
      assertTrue(m.startsWith("another kg build is writing " + root + " (pid " + ProcessHandle.current().pid()), m);
      assertEquals(1, m.lines().count());
    }
    held.get(0).close();
    assertFalse(Files.exists(tmp.resolve("kg/.lock")), "released");
    PublishLock.acquire(root, new Configuration(), "kg build").close();
  }

  @Test
  void aLockOfAProcessThatExitedIsTakenOver(@TempDir Path tmp) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("kg"));
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    String host = java.net.InetAddress.getLocalHost().getHostName();
    Files.writeString(root.resolve(".lock"), "kg build\t" + host + "\t" + p.pid() + "\t2026-01-01T00:00:00Z\tdead",
        StandardCharsets.UTF_8);
    try (PublishLock lock = PublishLock.acquire(root.toString(), new Configuration(), "kg build")) {
      assertTrue(Files.readString(root.resolve(".lock")).contains("\t" + ProcessHandle.current().pid() + "\t"));
    }
  }

  @Test
  void aLockNotRefreshedIsStaleAndARefreshedOneIsNot(@TempDir Path tmp) throws Exception {
    String root = tmp.resolve("kg").toString();
    try (PublishLock first = PublishLock.acquire(root, new Configuration(), "kg build", Duration.ofMillis(400))) {
      Thread.sleep(1000); // the heartbeat keeps it fresh
      assertThrows(PublishLock.HeldException.class,
          () -> PublishLock.acquire(root, new Configuration(), "kg build", Duration.ofMillis(400)));
    }
    // a foreign host's lock, untouched for longer than staleAfter
    Path lock = tmp.resolve("kg/.lock");
    Files.writeString(lock, "kg build\tother-host\t1\t2026-01-01T00:00:00Z\tx");
    Files.setLastModifiedTime(lock, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    PublishLock.acquire(root, new Configuration(), "kg build", Duration.ofSeconds(30)).close();
  }
}
