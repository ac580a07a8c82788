package org.phenolip.train.dist;

import java.io.Serializable;

/** Where a worker's collective listens: {@code host:port}. */
public record PeerAddress(String host, int port) implements Serializable {
  public PeerAddress {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("empty host");
    if (port <= 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
  }

  /** Parses {@code host:port} (the last colon separates the port, so IPv6 literals work). */
  public static PeerAddress parse(String s) {
    int i = s == null ? -1 : s.lastIndexOf(':');
    if (i <= 0 || i == s.length() - 1) {
      throw new IllegalArgumentException("not host:port: '" + s + "'");
    }
    try {
      return new PeerAddress(s.substring(0, i), Integer.parseInt(s.substring(i + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not host:port: '" + s + "'");
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
