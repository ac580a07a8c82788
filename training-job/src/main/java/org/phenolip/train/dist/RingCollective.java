package org.phenolip.train.dist;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ring of TCP connections among the workers: rank r sends to rank r+1 and receives from
 * rank r-1. All-reduce is the bandwidth-optimal ring algorithm (reduce-scatter, then
 * all-gather, N-1 steps each, every worker sending 1/N of the data per step); all-gather
 * passes every worker's block once around the ring. Pure Java, no Spark: build it from the
 * list of addresses and a rank ({@link #connect}); {@link SparkRendezvous} gets the list.
 *
 * <p>Each step sends on a helper thread while the caller receives, so two neighbours that
 * send to each other at once never block on full socket buffers. Every read and every send
 * has the timeout: a stalled peer gives a {@link PeerTimeoutException}, a dead one a
 * {@link PeerLostException}, naming the peer's rank and address, never a hang. After any
 * failure the collective is broken and every later call fails.
 *
 * <p>Every segment is reduced at exactly one worker and then copied, so all workers end with
 * the same bits.
 */
public final class RingCollective implements Collective {
  private static final int MAGIC = 0x504C5247; // "PLRG"
  private static final int OP_HELLO = 0;
  private static final int OP_REDUCE = 1;
  private static final int OP_GATHER = 2;
  private static final int OP_SCATTER = 3;
  /** Floats per socket write: keeps the byte buffer small while large segments stream. */
  private static final int WRITE_CHUNK = 1 << 16;

  private final int rank;
  private final List<PeerAddress> peers;
  private final long timeoutMs;
  private final Socket toRight;
  private final Socket fromLeft;
  private final DataOutputStream out;
  private final DataInputStream in;
  private final ExecutorService sender;
  private final ByteBuffer sendBuf = ByteBuffer.allocate(WRITE_CHUNK * 4).order(ByteOrder.BIG_ENDIAN);
  private final ByteBuffer recvBuf = ByteBuffer.allocate(WRITE_CHUNK * 4).order(ByteOrder.BIG_ENDIAN);
  private long seq;
  private long waitNanos;
  private long busyNanos;
  private long lastWaitOp = -1;
  private volatile String broken;
  private volatile boolean closed;
  // Test hook: simulate this worker dying after sending this many frames (-1: never).
  private volatile int crashAfterFrames = -1;
  private int framesSent;

  private RingCollective(int rank, List<PeerAddress> peers, long timeoutMs, Socket toRight, Socket fromLeft)
      throws IOException {
    this.rank = rank;
    this.peers = List.copyOf(peers);
    this.timeoutMs = timeoutMs;
    this.toRight = toRight;
    this.fromLeft = fromLeft;
    if (toRight != null) {
      this.out = new DataOutputStream(new BufferedOutputStream(toRight.getOutputStream(), 1 << 16));
      this.in = new DataInputStream(new BufferedInputStream(fromLeft.getInputStream(), 1 << 16));
      this.sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ring-send-rank" + rank);
        t.setDaemon(true);
        return t;
      });
    } else {
      this.out = null;
      this.in = null;
      this.sender = null;
    }
  }

  /**
   * Joins the ring: connects to rank+1 and accepts rank-1 on {@code listener} (which must be
   * bound to {@code peers.get(rank)} and is closed on return). Blocks until both links are
   * up or {@code timeout} passes.
   */
  public static RingCollective connect(int rank, List<PeerAddress> peers, ServerSocket listener, Duration timeout) {
    int n = peers.size();
    if (n < 1) throw new IllegalArgumentException("no peers");
    if (rank < 0 || rank >= n) throw new IllegalArgumentException("rank " + rank + " not in 0.." + (n - 1));
    long timeoutMs = Math.max(1, timeout.toMillis());
    try (ServerSocket ss = listener) {
      if (n == 1) return new RingCollective(rank, peers, timeoutMs, null, null);
      int right = (rank + 1) % n;
      int left = (rank - 1 + n) % n;
      long deadline = System.currentTimeMillis() + timeoutMs;
      Socket toRight = connectWithRetry(rank, right, peers.get(right), deadline, timeoutMs);
      try {
        var hello = new DataOutputStream(new BufferedOutputStream(toRight.getOutputStream()));
        hello.writeInt(MAGIC);
        hello.writeInt(OP_HELLO);
        hello.writeInt(rank);
        hello.writeInt(n);
        hello.flush();
        Socket fromLeft = acceptFrom(rank, left, peers.get(left), ss, deadline, timeoutMs, n);
        return new RingCollective(rank, peers, timeoutMs, toRight, fromLeft);
      } catch (RuntimeException | IOException e) {
        closeQuietly(toRight);
        throw e;
      }
    } catch (IOException e) {
      throw new CollectiveException("rank " + rank + ": cannot join the ring: " + e, e);
    }
  }

  private static Socket connectWithRetry(int rank, int right, PeerAddress addr, long deadline, long timeoutMs)
      throws IOException {
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new PeerTimeoutException(rank, right, addr, "accept a connection", timeoutMs);
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(addr.host(), addr.port()), (int) Math.min(Integer.MAX_VALUE, left));
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
        return s;
      } catch (SocketTimeoutException e) {
        closeQuietly(s);
        throw new PeerTimeoutException(rank, right, addr, "accept a connection", timeoutMs);
      } catch (ConnectException e) {
        // Not listening yet (or never will be): retry until the deadline.
        closeQuietly(s);
        try {
          Thread.sleep(Math.min(50, Math.max(1, left)));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new CollectiveException("rank " + rank + ": interrupted while connecting to " + addr, ie);
        }
      }
    }
  }

  private static Socket acceptFrom(int rank, int left, PeerAddress addr, ServerSocket ss, long deadline,
      long timeoutMs, int n) throws IOException {
    long remaining = deadline - System.currentTimeMillis();
    if (remaining <= 0) throw new PeerTimeoutException(rank, left, addr, "connect to this worker", timeoutMs);
    ss.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining));
    Socket s;
    try {
      s = ss.accept();
    } catch (SocketTimeoutException e) {
      throw new PeerTimeoutException(rank, left, addr, "connect to this worker", timeoutMs);
    }
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs));
      // Unbuffered: a buffer here could swallow the first data frame that follows the hello.
      var din = new DataInputStream(s.getInputStream());
      int magic = din.readInt();
      int op = din.readInt();
      int peerRank = din.readInt();
      int peerN = din.readInt();
      if (magic != MAGIC || op != OP_HELLO) {
        throw new CollectiveException("rank " + rank + ": a connection from " + s.getRemoteSocketAddress()
            + " is not a ring peer (bad handshake)");
      }
      if (peerRank != left || peerN != n) {
        throw new CollectiveException(String.format(
            "rank %d: expected ring peer rank %d of %d but rank %d of %d connected (inconsistent peer lists)",
            rank, left, n, peerRank, peerN));
      }
      return s;
    } catch (SocketTimeoutException e) {
      closeQuietly(s);
      throw new PeerTimeoutException(rank, left, addr, "send its handshake", timeoutMs);
    } catch (RuntimeException | IOException e) {
      closeQuietly(s);
      throw e;
    }
  }

  @Override public int rank() { return rank; }

  @Override public int size() { return peers.size(); }

  /** The peer list, in rank order. */
  public List<PeerAddress> peers() { return peers; }

  @Override
  public void allReduceSum(float[] data) {
    allReduceSum(data, 0, data.length);
  }

  /**
   * Sums {@code data[off, off+len)} over all workers in place, without copying the range out:
   * the bucketed all-reduce of {@code ReplicaTrainer} reduces one bucket of a fused gradient
   * buffer while the next is still being copied out of native memory. Every element is summed
   * in ring order starting at the rank that owns its segment (fixed by {@code len} and the ring,
   * never by timing), so all workers end with the same bits on every run.
   */
  @Override
  public void allReduceSum(float[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    int n = size();
    if (n == 1) return;
    check();
    long op = ++seq;
    long t0 = System.nanoTime();
    int[] bounds = evenBounds(len, n);
    try {
      // Reduce-scatter: after step s, segment (rank-s-1) holds s+2 contributions.
      reduceScatterSteps(OP_REDUCE, op, data, off, len, bounds, 0);
      // All-gather: segment rank+1 is complete here; pass complete segments around.
      for (int s = 0; s < n - 1; s++) {
        int sendSeg = Math.floorMod(rank + 1 - s, n);
        int recvSeg = Math.floorMod(rank - s, n);
        Future<?> f = sendAsync(OP_REDUCE, op, len, sendSeg, data, off + bounds[sendSeg], bounds[sendSeg + 1] - bounds[sendSeg]);
        receive(OP_REDUCE, op, len, recvSeg, data, off + bounds[recvSeg], bounds[recvSeg + 1] - bounds[recvSeg], false);
        await(f, "receive all-reduce data");
      }
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    } finally {
      busyNanos += System.nanoTime() - t0;
    }
  }

  /**
   * Reduce-scatter over blocks of {@code data}: {@code bounds} (n+1 ascending offsets, bounds[0]
   * = 0, bounds[n] = data.length) cut it into one block per rank, and on return this worker's
   * block {@code data[bounds[rank], bounds[rank+1])} holds the sum over all workers (the other
   * blocks hold partial sums: do not use them). Half the traffic of an all-reduce: for the
   * gathered-embedding gradient of the global-batch loss, where each worker needs only its own
   * rows. Same bits on every run (ring order fixed by the bounds).
   */
  @Override
  public void reduceScatterSum(float[] data, int[] bounds) {
    checkBounds(data, bounds, size());
    int n = size();
    if (n == 1) return;
    check();
    long op = ++seq;
    long t0 = System.nanoTime();
    try {
      // Shifted by one segment so that the block that completes here is this rank's own.
      reduceScatterSteps(OP_SCATTER, op, data, 0, data.length, bounds, -1);
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    } finally {
      busyNanos += System.nanoTime() - t0;
    }
  }

  /** The n-1 reduce steps; the block completed here is {@code rank + 1 + shift}. */
  private void reduceScatterSteps(int opCode, long op, float[] data, int off, int len, int[] bounds, int shift) {
    int n = size();
    for (int s = 0; s < n - 1; s++) {
      int sendSeg = Math.floorMod(rank - s + shift, n);
      int recvSeg = Math.floorMod(rank - s - 1 + shift, n);
      Future<?> f = sendAsync(opCode, op, len, sendSeg, data, off + bounds[sendSeg], bounds[sendSeg + 1] - bounds[sendSeg]);
      receive(opCode, op, len, recvSeg, data, off + bounds[recvSeg], bounds[recvSeg + 1] - bounds[recvSeg], true);
      await(f, "receive all-reduce data");
    }
  }

  static int[] evenBounds(int len, int n) {
    int[] b = new int[n + 1];
    for (int i = 0; i <= n; i++) b[i] = segStart(i, len, n);
    return b;
  }

  static void checkBounds(float[] data, int[] bounds, int n) {
    if (bounds.length != n + 1 || bounds[0] != 0 || bounds[n] != data.length) {
      throw new IllegalArgumentException("reduce-scatter needs " + (n + 1) + " bounds from 0 to " + data.length
          + ", got " + java.util.Arrays.toString(bounds));
    }
    for (int i = 0; i < n; i++) {
      if (bounds[i + 1] < bounds[i]) throw new IllegalArgumentException("bounds not ascending: " + java.util.Arrays.toString(bounds));
    }
  }

  /**
   * Nanoseconds this worker spent inside collective calls waiting for the first frame of each
   * call from its left neighbour: the time the slower peer took to arrive (skew) plus one
   * message latency. {@link #busyNanos} minus this is the transfer itself.
   */
  public long waitNanos() { return waitNanos; }

  /** Nanoseconds spent inside all-reduce, reduce-scatter and all-gather calls, waiting included. */
  public long busyNanos() { return busyNanos; }

  @Override
  public float[] allGather(float[] local) {
    int n = size();
    if (n == 1) return local.clone();
    check();
    long op = ++seq;
    long t0 = System.nanoTime();
    float[][] blocks = new float[n][];
    blocks[rank] = local.clone();
    try {
      for (int s = 0; s < n - 1; s++) {
        int sendBlock = Math.floorMod(rank - s, n);
        int recvBlock = Math.floorMod(rank - s - 1, n);
        float[] b = blocks[sendBlock];
        Future<?> f = sendAsync(OP_GATHER, op, b.length, sendBlock, b, 0, b.length);
        blocks[recvBlock] = receiveBlock(op, recvBlock);
        await(f, "receive all-gather data");
      }
    } catch (RuntimeException e) {
      fail(e);
      throw e;
    } finally {
      busyNanos += System.nanoTime() - t0;
    }
    int total = 0;
    for (float[] b : blocks) total += b.length;
    float[] result = new float[total];
    int pos = 0;
    for (float[] b : blocks) {
      System.arraycopy(b, 0, result, pos, b.length);
      pos += b.length;
    }
    return result;
  }

  @Override
  public void barrier() {
    float[] one = {1f};
    allReduceSum(one);
    if (one[0] != size()) {
      throw new CollectiveException("rank " + rank + ": barrier counted " + one[0] + " workers, expected " + size());
    }
  }

  static int segStart(int seg, int len, int n) {
    return (int) ((long) seg * len / n);
  }

  static int segLen(int seg, int len, int n) {
    return segStart(seg + 1, len, n) - segStart(seg, len, n);
  }

  private int rightRank() { return (rank + 1) % size(); }

  private int leftRank() { return (rank - 1 + size()) % size(); }

  private Future<?> sendAsync(int opCode, long op, int total, int index, float[] data, int off, int count) {
    return sender.submit(() -> {
      try {
        writeFrame(opCode, op, total, index, data, off, count);
      } catch (IOException e) {
        throw new PeerLostException(rank, rightRank(), peers.get(rightRank()), "sending", e);
      }
      return null;
    });
  }

  // Frame: magic, op code, sequence number, total length, segment/block index, count, floats.
  private void writeFrame(int opCode, long op, int total, int index, float[] data, int off, int count)
      throws IOException {
    if (crashAfterFrames >= 0 && framesSent >= crashAfterFrames) {
      crash();
      throw new IOException("simulated crash of rank " + rank);
    }
    out.writeInt(MAGIC);
    out.writeInt(opCode);
    out.writeLong(op);
    out.writeInt(total);
    out.writeInt(index);
    out.writeInt(count);
    for (int done = 0; done < count; ) {
      int k = Math.min(WRITE_CHUNK, count - done);
      sendBuf.clear();
      sendBuf.asFloatBuffer().put(data, off + done, k);
      out.write(sendBuf.array(), 0, k * 4);
      done += k;
    }
    out.flush();
    framesSent++;
  }

  private void receive(int opCode, long op, int total, int index, float[] data, int off, int count, boolean add) {
    int got = readHeader(opCode, op, index, total, "all-reduce");
    if (got != count) {
      throw mismatch("all-reduce segment " + index + " has " + got + " values, expected " + count);
    }
    readFloats(data, off, count, add);
  }

  private float[] receiveBlock(long op, int index) {
    int count = readHeader(OP_GATHER, op, index, -1, "all-gather");
    float[] b = new float[count];
    readFloats(b, 0, count, false);
    return b;
  }

  /** Reads and checks a frame header; returns the float count. {@code total < 0}: any total. */
  private int readHeader(int opCode, long op, int index, int total, String what) {
    try {
      int magic;
      if (op != lastWaitOp) {
        lastWaitOp = op;
        long t = System.nanoTime();
        magic = in.readInt();
        waitNanos += System.nanoTime() - t;
      } else {
        magic = in.readInt();
      }
      int gotOp = in.readInt();
      long gotSeq = in.readLong();
      int gotTotal = in.readInt();
      int gotIndex = in.readInt();
      int count = in.readInt();
      if (magic != MAGIC) throw mismatch("corrupt frame (bad magic)");
      if (gotOp != opCode || gotSeq != op) {
        throw mismatch(String.format("peer is in a different collective call (op %s #%d, this worker is in %s #%d):"
            + " workers must call the same operations in the same order", opName(gotOp), gotSeq, what, op));
      }
      if (total >= 0 && gotTotal != total) {
        throw mismatch(String.format("%s input has %d values on the peer side but %d here: every worker must"
            + " pass the same length", what, gotTotal, total));
      }
      if (gotIndex != index || count < 0) throw mismatch("unexpected segment " + gotIndex + " (expected " + index + ")");
      return count;
    } catch (SocketTimeoutException e) {
      throw new PeerTimeoutException(rank, leftRank(), peers.get(leftRank()), "send " + what + " data", timeoutMs);
    } catch (IOException e) {
      throw new PeerLostException(rank, leftRank(), peers.get(leftRank()), "receiving " + what + " data",
          e instanceof EOFException ? null : e);
    }
  }

  private void readFloats(float[] data, int off, int count, boolean add) {
    try {
      for (int done = 0; done < count; ) {
        int k = Math.min(WRITE_CHUNK, count - done);
        recvBuf.clear();
        in.readFully(recvBuf.array(), 0, k * 4);
        var fb = recvBuf.asFloatBuffer();
        int base = off + done;
        if (add) {
          for (int i = 0; i < k; i++) data[base + i] += fb.get(i);
        } else {
          fb.get(data, base, k);
        }
        done += k;
      }
    } catch (SocketTimeoutException e) {
      throw new PeerTimeoutException(rank, leftRank(), peers.get(leftRank()), "send data", timeoutMs);
    } catch (IOException e) {
      throw new PeerLostException(rank, leftRank(), peers.get(leftRank()), "receiving data",
          e instanceof EOFException ? null : e);
    }
  }

  private void await(Future<?> f, String what) {
    try {
      f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new PeerTimeoutException(rank, rightRank(), peers.get(rightRank()), what, timeoutMs);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new CollectiveException("rank " + rank + ": send failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectiveException("rank " + rank + ": interrupted in a collective", e);
    }
  }

  private CollectiveException mismatch(String detail) {
    return new CollectiveException(String.format("rank %d: mismatch with peer rank %d at %s: %s",
        rank, leftRank(), peers.get(leftRank()), detail));
  }

  private static String opName(int op) {
    return switch (op) {
      case OP_REDUCE -> "all-reduce";
      case OP_GATHER -> "all-gather";
      case OP_SCATTER -> "reduce-scatter";
      case OP_HELLO -> "handshake";
      default -> "unknown(" + op + ")";
    };
  }

  private void check() {
    if (closed) throw new CollectiveException("rank " + rank + ": collective is closed");
    if (broken != null) throw new CollectiveException("rank " + rank + ": collective is broken after: " + broken);
  }

  private void fail(RuntimeException e) {
    broken = e.getMessage();
    // Close the links so neighbours see the failure at once instead of waiting for their timeout.
    closeQuietly(toRight);
    closeQuietly(fromLeft);
  }

  /** Test hook: after {@code frames} more sent frames this worker drops its links as if it died. */
  void crashAfterFrames(int frames) {
    crashAfterFrames = framesSent + frames;
  }

  private void crash() {
    broken = "simulated crash";
    closeQuietly(toRight);
    closeQuietly(fromLeft);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    if (sender != null) sender.shutdownNow();
    closeQuietly(toRight);
    closeQuietly(fromLeft);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a socket that is already broken: nothing else to release.
    }
  }
}
