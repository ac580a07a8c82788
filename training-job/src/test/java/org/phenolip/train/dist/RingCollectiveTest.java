package org.phenolip.train.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP ring on N threads of one JVM: results, and every way a peer can fail. */
class RingCollectiveTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Listeners for n workers on loopback, and their addresses. */
  static List<ServerSocket> listeners(int n) throws IOException {
    List<ServerSocket> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      l.add(s);
    }
    return l;
  }

  static List<PeerAddress> addresses(List<ServerSocket> l) {
    return l.stream().map(s -> new PeerAddress("127.0.0.1", s.getLocalPort())).toList();
  }

  /** Runs {@code body(rank, collective)} on n connected workers; returns the results by rank. */
  <T> List<Future<T>> onRing(int n, Duration timeout, BiFunction<Integer, RingCollective, T> body) throws IOException {
    List<ServerSocket> ls = listeners(n);
    List<PeerAddress> peers = addresses(ls);
    List<Future<T>> out = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      int rank = r;
      Callable<T> c = () -> {
        try (RingCollective rc = RingCollective.connect(rank, peers, ls.get(rank), timeout)) {
          return body.apply(rank, rc);
        }
      };
      out.add(pool.submit(c));
    }
    return out;
  }

  static Throwable failureOf(Future<?> f) throws InterruptedException {
    try {
      f.get(20, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("worker hung", e);
    }
  }

  @Test
  void allReduceSumsOnEveryWorkerWithIdenticalBits() throws Exception {
    for (int n : new int[] {1, 2, 3, 4}) {
      for (int len : new int[] {0, 1, 2, 5, 1000, 200_003}) {
        float[][] inputs = new float[n][len];
        Random rnd = new Random(31L * n + len);
        double[] expected = new double[len];
        for (int r = 0; r < n; r++) {
          for (int i = 0; i < len; i++) {
            inputs[r][i] = (float) rnd.nextGaussian();
            expected[i] += inputs[r][i];
          }
        }
        List<Future<float[]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
          float[] d = inputs[rank].clone();
          c.allReduceSum(d);
          return d;
        });
        float[] first = res.get(0).get(20, TimeUnit.SECONDS);
        for (int i = 0; i < len; i++) {
          assertEquals(expected[i], first[i], 1e-5 * (1 + Math.abs(expected[i])), "n=" + n + " len=" + len + " i=" + i);
        }
        for (int r = 1; r < n; r++) {
          assertArrayEquals(first, res.get(r).get(20, TimeUnit.SECONDS), "rank " + r + " differs, n=" + n);
        }
      }
    }
  }

  @Test
  void rangeAllReduceSumsInPlaceAndLeavesTheRestAlone() throws Exception {
    int n = 3;
    int len = 1001;
    int off = 17;
    int count = 700;
    List<Future<float[][]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
      Random rnd = new Random(rank);
      float[] d = new float[len];
      for (int i = 0; i < len; i++) d[i] = (float) rnd.nextGaussian();
      float[] before = d.clone();
      float[] whole = java.util.Arrays.copyOfRange(d, off, off + count);
      c.allReduceSum(d, off, count);
      c.allReduceSum(whole);
      return new float[][] {before, d, whole};
    });
    float[] first = res.get(0).get(20, TimeUnit.SECONDS)[1];
    for (int r = 0; r < n; r++) {
      float[][] got = res.get(r).get(20, TimeUnit.SECONDS);
      for (int i = 0; i < len; i++) {
        if (i < off || i >= off + count) {
          assertEquals(Float.floatToRawIntBits(got[0][i]), Float.floatToRawIntBits(got[1][i]), "outside the range, i=" + i);
        } else {
          // same segment layout as an all-reduce of the copied range: the same bits
          assertEquals(Float.floatToRawIntBits(got[2][i - off]), Float.floatToRawIntBits(got[1][i]), "rank " + r + " i=" + i);
          assertEquals(Float.floatToRawIntBits(first[i]), Float.floatToRawIntBits(got[1][i]), "ranks agree, i=" + i);
        }
      }
    }
  }

  @Test
  void reduceScatterLeavesEachRankItsOwnBlockSummed() throws Exception {
    for (int n : new int[] {1, 2, 3, 4}) {
      for (int[] sizes : new int[][] {{5, 0, 7, 3}, {1, 1, 1, 1}, {0, 0, 0, 0}, {60_000, 3, 70_001, 2}}) {
        int[] bounds = new int[n + 1];
        for (int r = 0; r < n; r++) bounds[r + 1] = bounds[r] + sizes[r];
        int len = bounds[n];
        float[][] inputs = new float[n][len];
        Random rnd = new Random(7L * n + len);
        double[] expected = new double[len];
        for (int r = 0; r < n; r++) {
          for (int i = 0; i < len; i++) {
            inputs[r][i] = (float) rnd.nextGaussian();
            expected[i] += inputs[r][i];
          }
        }
        for (int round = 0; round < 2; round++) {
          List<Future<float[]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
            float[] d = inputs[rank].clone();
            c.reduceScatterSum(d, bounds);
            return java.util.Arrays.copyOfRange(d, bounds[rank], bounds[rank + 1]);
          });
          for (int r = 0; r < n; r++) {
            float[] mine = res.get(r).get(20, TimeUnit.SECONDS);
            assertEquals(sizes[r], mine.length);
            for (int i = 0; i < mine.length; i++) {
              double e = expected[bounds[r] + i];
              assertEquals(e, mine[i], 1e-5 * (1 + Math.abs(e)), "n=" + n + " rank " + r + " i=" + i);
            }
          }
        }
      }
    }
  }

  @Test
  void reduceScatterIsBitForBitRepeatable() throws Exception {
    int n = 4;
    int[] bounds = {0, 1000, 2500, 2600, 4000};
    float[][] runs = new float[2][];
    for (int k = 0; k < 2; k++) {
      List<Future<float[]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
        Random rnd = new Random(rank);
        float[] d = new float[4000];
        for (int i = 0; i < d.length; i++) d[i] = (float) (rnd.nextGaussian() * 1e3);
        c.reduceScatterSum(d, bounds);
        return java.util.Arrays.copyOfRange(d, bounds[rank], bounds[rank + 1]);
      });
      float[] all = new float[0];
      for (int r = 0; r < n; r++) {
        float[] b = res.get(r).get(20, TimeUnit.SECONDS);
        float[] m = java.util.Arrays.copyOf(all, all.length + b.length);
        System.arraycopy(b, 0, m, all.length, b.length);
        all = m;
      }
      runs[k] = all;
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  @Test
  void badReduceScatterBoundsAreRefused() throws Exception {
    List<Future<Object>> res = onRing(2, Duration.ofSeconds(5), (rank, c) -> {
      assertThrows(IllegalArgumentException.class, () -> c.reduceScatterSum(new float[4], new int[] {0, 4}));
      assertThrows(IllegalArgumentException.class, () -> c.reduceScatterSum(new float[4], new int[] {0, 3, 2}));
      c.barrier(); // still usable
      return null;
    });
    for (var f : res) assertEquals(null, failureOf(f));
  }

  @Test
  void peerThatDiesMidReduceScatterFailsEveryoneFast() throws Exception {
    int n = 3;
    int[] bounds = {0, 100_000, 200_000, 300_000};
    long t0 = System.nanoTime();
    List<Future<Object>> res = onRing(n, Duration.ofSeconds(30), (rank, c) -> {
      float[] d = new float[300_000];
      c.reduceScatterSum(d, bounds); // one good round first
      if (rank == 2) c.crashAfterFrames(1);
      c.reduceScatterSum(d, bounds);
      // Rank 1 may legitimately finish: its block needs only rank 0's frames, which rank 0 sent
      // before it found rank 2 gone. Its next call must then fail fast all the same.
      c.barrier();
      return null;
    });
    Throwable t0f = failureOf(res.get(0));
    Throwable t1f = failureOf(res.get(1));
    Throwable t2f = failureOf(res.get(2));
    double s = (System.nanoTime() - t0) / 1e9;
    PeerLostException lost = assertInstanceOf(PeerLostException.class, t0f, String.valueOf(t0f));
    assertEquals(2, lost.peerRank(), lost.getMessage());
    assertInstanceOf(CollectiveException.class, t1f, String.valueOf(t1f));
    assertInstanceOf(CollectiveException.class, t2f, String.valueOf(t2f));
    assertTrue(s < 10, "failure spread by closed links, not the 30 s timeout: " + s + " s");
  }

  @Test
  void stalledPeerInAReduceScatterTimesOut() throws Exception {
    List<Future<Object>> res = onRing(2, Duration.ofMillis(800), (rank, c) -> {
      if (rank == 1) {
        sleep(2500);
        return null;
      }
      c.reduceScatterSum(new float[10], new int[] {0, 5, 10});
      return null;
    });
    PeerTimeoutException e = assertInstanceOf(PeerTimeoutException.class, failureOf(res.get(0)));
    assertEquals(1, e.peerRank());
  }

  @Test
  void reduceScatterAgainstAllReduceIsAMismatch() throws Exception {
    assertMismatchWithAllReduce(c -> c.reduceScatterSum(new float[4], new int[] {0, 2, 4}));
  }

  @Test
  void waitForASlowerPeerIsCountedApartFromTransfer() throws Exception {
    List<Future<long[]>> res = onRing(2, Duration.ofSeconds(10), (rank, c) -> {
      c.barrier();
      if (rank == 1) sleep(400); // rank 1 computes longer: rank 0 waits for it
      c.allReduceSum(new float[1000]);
      return new long[] {c.waitNanos(), c.busyNanos()};
    });
    long[] r0 = res.get(0).get(20, TimeUnit.SECONDS);
    long[] r1 = res.get(1).get(20, TimeUnit.SECONDS);
    assertTrue(r0[0] >= 300_000_000L, "rank 0 waited " + r0[0] / 1e6 + " ms");
    assertTrue(r0[0] <= r0[1], "wait is part of the busy time");
    assertTrue(r1[0] < 300_000_000L, "rank 1 did not wait: " + r1[0] / 1e6 + " ms");
  }

  @Test
  void allGatherConcatenatesVariableLengthsInRankOrder() throws Exception {
    int n = 3;
    List<Future<float[]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
      float[] local = new float[rank + 1]; // lengths 1, 2, 3
      for (int i = 0; i < local.length; i++) local[i] = 10 * rank + i;
      float[] once = c.allGather(local);
      float[] empty = c.allGather(rank == 1 ? new float[0] : new float[] {rank});
      float[] both = new float[once.length + empty.length];
      System.arraycopy(once, 0, both, 0, once.length);
      System.arraycopy(empty, 0, both, once.length, empty.length);
      return both;
    });
    float[] expected = {0, 10, 11, 20, 21, 22, 0, 2};
    for (int r = 0; r < n; r++) assertArrayEquals(expected, res.get(r).get(20, TimeUnit.SECONDS));
  }

  @Test
  void broadcastAndBarrier() throws Exception {
    int n = 3;
    float[] root = {Float.MIN_VALUE, -0f, 1.2345678f, Float.NaN};
    List<Future<float[]>> res = onRing(n, Duration.ofSeconds(10), (rank, c) -> {
      c.barrier();
      float[] got = c.broadcast(rank == 0 ? root : new float[] {rank}, 0);
      c.barrier();
      return got;
    });
    for (int r = 0; r < n; r++) {
      float[] got = res.get(r).get(20, TimeUnit.SECONDS);
      assertEquals(root.length, got.length);
      for (int i = 0; i < root.length; i++) {
        assertEquals(Float.floatToRawIntBits(root[i]), Float.floatToRawIntBits(got[i]), "bitwise, rank " + r);
      }
    }
  }

  @Test
  void peerThatNeverConnectsTimesOutNamingIt() throws Exception {
    List<ServerSocket> ls = listeners(2);
    List<PeerAddress> peers = addresses(ls);
    ls.get(1).close(); // rank 1 never shows up: nothing listens at its address
    long t0 = System.nanoTime();
    PeerTimeoutException e = assertThrows(PeerTimeoutException.class,
        () -> RingCollective.connect(0, peers, ls.get(0), Duration.ofMillis(700)));
    double s = (System.nanoTime() - t0) / 1e9;
    assertEquals(1, e.peerRank());
    assertTrue(e.getMessage().contains("rank 1 at " + peers.get(1)), e.getMessage());
    assertTrue(s >= 0.6 && s < 5, "timed out after " + s + " s");
    assertTrue(ls.get(0).isClosed(), "listener released");
  }

  @Test
  void stalledPeerTimesOutWithItsRankAndAddress() throws Exception {
    List<Future<Object>> res = onRing(2, Duration.ofMillis(800), (rank, c) -> {
      if (rank == 1) {
        sleep(2500); // stalls: never enters the all-reduce
        return null;
      }
      c.allReduceSum(new float[100]);
      return null;
    });
    Throwable t = failureOf(res.get(0));
    PeerTimeoutException e = assertInstanceOf(PeerTimeoutException.class, t);
    assertEquals(1, e.peerRank());
    assertTrue(e.getMessage().startsWith("rank 0: peer rank 1 at 127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().contains("within 800 ms"), e.getMessage());
  }

  @Test
  void peerThatDiesMidReduceFailsEveryoneFast() throws Exception {
    int n = 3;
    long t0 = System.nanoTime();
    List<Future<Object>> res = onRing(n, Duration.ofSeconds(30), (rank, c) -> {
      float[] d = new float[300_000];
      c.allReduceSum(d); // one good round first
      if (rank == 2) c.crashAfterFrames(1);
      c.allReduceSum(d);
      return null;
    });
    Throwable t0f = failureOf(res.get(0));
    Throwable t1f = failureOf(res.get(1));
    Throwable t2f = failureOf(res.get(2));
    double s = (System.nanoTime() - t0) / 1e9;
    PeerLostException lost = assertInstanceOf(PeerLostException.class, t0f, String.valueOf(t0f));
    assertEquals(2, lost.peerRank(), lost.getMessage());
    assertTrue(lost.getMessage().contains("lost peer rank 2 at 127.0.0.1:"), lost.getMessage());
    assertInstanceOf(CollectiveException.class, t1f, String.valueOf(t1f));
    assertInstanceOf(CollectiveException.class, t2f, String.valueOf(t2f));
    assertTrue(s < 10, "failure spread by closed links, not the 30 s timeout: " + s + " s");
  }

  @Test
  void wrongSizeInputIsAClearErrorOnEveryWorker() throws Exception {
    List<Future<Object>> res = onRing(2, Duration.ofSeconds(10), (rank, c) -> {
      c.allReduceSum(new float[rank == 0 ? 10 : 12]);
      return null;
    });
    for (int r = 0; r < 2; r++) {
      Throwable t = failureOf(res.get(r));
      assertInstanceOf(CollectiveException.class, t);
      assertTrue(t.getMessage().contains("every worker must pass the same length")
          || t.getMessage().contains("lost peer"), t.getMessage());
    }
    // At least one side names both lengths.
    String m0 = failureOf(res.get(0)).getMessage() + failureOf(res.get(1)).getMessage();
    assertTrue(m0.contains("12 values on the peer side but 10 here") || m0.contains("10 values on the peer side but 12 here"), m0);
  }

  @Test
  void mismatchedOperationsAreDetected() throws Exception {
    assertMismatchWithAllReduce(c -> c.allGather(new float[4]));
  }

  /** Rank 0 all-reduces while rank 1 makes {@code otherCall}: rank 0 must fail with a collective error. */
  private void assertMismatchWithAllReduce(java.util.function.Consumer<RingCollective> otherCall) throws Exception {
    List<Future<Object>> res = onRing(2, Duration.ofSeconds(10), (rank, c) -> {
      if (rank == 0) c.allReduceSum(new float[4]);
      else otherCall.accept(c);
      return null;
    });
    Throwable t = failureOf(res.get(0));
    assertInstanceOf(CollectiveException.class, t);
    assertTrue(t.getMessage().contains("different collective call") || t.getMessage().contains("lost peer"), t.getMessage());
  }

  @Test
  void closeReleasesSocketsAndLaterCallsFail() throws Exception {
    List<ServerSocket> ls = listeners(2);
    List<PeerAddress> peers = addresses(ls);
    List<Future<RingCollective>> cs = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      int rank = r;
      cs.add(pool.submit(() -> RingCollective.connect(rank, peers, ls.get(rank), Duration.ofSeconds(5))));
    }
    RingCollective c0 = cs.get(0).get(10, TimeUnit.SECONDS);
    RingCollective c1 = cs.get(1).get(10, TimeUnit.SECONDS);
    c0.close();
    c1.close();
    CollectiveException e = assertThrows(CollectiveException.class, () -> c0.allReduceSum(new float[1]));
    assertTrue(e.getMessage().contains("closed"));
    for (PeerAddress p : peers) {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(p.host(), p.port())); // the port is free again
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
