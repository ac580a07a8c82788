package org.phenolip.train.dist;

/** A peer did not connect, send or receive within the collective's timeout. */
public final class PeerTimeoutException extends CollectiveException {
  private final int peerRank;
  private final PeerAddress peer;

  public PeerTimeoutException(int myRank, int peerRank, PeerAddress peer, String what, long timeoutMs) {
    super(String.format("rank %d: peer rank %d at %s did not %s within %d ms (stalled or dead peer)",
        myRank, peerRank, peer, what, timeoutMs));
    this.peerRank = peerRank;
    this.peer = peer;
  }

  public int peerRank() { return peerRank; }

  public PeerAddress peer() { return peer; }
}
