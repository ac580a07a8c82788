package org.phenolip.train.loop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.phenolip.train.dist.LocalCollective;
import org.phenolip.train.dist.PeerAddress;
import org.phenolip.train.dist.RingCollective;

/** Runs N replicas as threads of this JVM over a real loopback TCP ring (no Spark). */
final class Replicas {
  private Replicas() {}

  static <T> List<ReplicaReport> run(TrainingTask<T> task, DataSource<T> data, TrainConfig cfg) throws Exception {
    int n = cfg.workers();
    if (n == 1) return List.of(new ReplicaTrainer<>(task, data, cfg, new LocalCollective(), 0).run());
    List<ServerSocket> ls = new ArrayList<>();
    List<PeerAddress> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ServerSocket s = new ServerSocket();
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      ls.add(s);
      peers.add(new PeerAddress("127.0.0.1", s.getLocalPort()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<ReplicaReport>> fs = new ArrayList<>();
      for (int r = 0; r < n; r++) {
        int rank = r;
        fs.add(pool.submit(() -> {
          try (RingCollective c = RingCollective.connect(rank, peers, ls.get(rank), Duration.ofMillis(cfg.commTimeoutMs()))) {
            return new ReplicaTrainer<>(task, data, cfg, c, 0).run();
          }
        }));
      }
      List<ReplicaReport> out = new ArrayList<>();
      Exception first = null;
      for (Future<ReplicaReport> f : fs) {
        try {
          out.add(f.get(120, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          if (first == null) first = e.getCause() instanceof Exception ex ? ex : e;
        }
      }
      if (first != null) throw first;
      return out;
    } finally {
      pool.shutdownNow();
      for (ServerSocket s : ls) {
        try {
          s.close();
        } catch (IOException ignored) {
          // already closed by the ring
        }
      }
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError("lengths " + a.length + " vs " + b.length);
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }
}
