package org.phenolip.train.dist;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;

/**
 * Builds the ring of a Spark barrier stage: each task opens a listening socket, publishes
 * {@code host:port} through {@link BarrierTaskContext#allGather}, and joins a
 * {@link RingCollective} with rank = partition id.
 */
public final class SparkRendezvous {
  private SparkRendezvous() {}

  public static RingCollective join(BarrierTaskContext ctx, Duration timeout) {
    String host = bindHost(ctx);
    ServerSocket ss;
    try {
      ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(new InetSocketAddress(host, 0), 64);
    } catch (IOException e) {
      throw new CollectiveException("task " + ctx.partitionId() + ": cannot listen on " + host + ": " + e, e);
    }
    try {
      String[] all = ctx.allGather(host + ":" + ss.getLocalPort());
      List<PeerAddress> peers = new ArrayList<>(all.length);
      for (String a : all) peers.add(PeerAddress.parse(a));
      return RingCollective.connect(ctx.partitionId(), peers, ss, timeout);
    } catch (RuntimeException e) {
      try {
        ss.close();
      } catch (IOException ignored) {
        // The rendezvous failed already; that is the error to report.
      }
      throw e;
    }
  }

  /** SPARK_LOCAL_IP when set, else the executor's host as Spark knows it, else this host. */
  static String bindHost(BarrierTaskContext ctx) {
    String ip = System.getenv("SPARK_LOCAL_IP");
    if (ip != null && !ip.isBlank()) return ip;
    try {
      String addr = ctx.getTaskInfos()[ctx.partitionId()].address();
      if (addr != null && !addr.isBlank()) {
        int i = addr.lastIndexOf(':');
        return i > 0 ? addr.substring(0, i) : addr;
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (IOException e) {
      return "127.0.0.1";
    }
  }
}
