package org.phenolip.train.dist;

/** A peer's connection closed or reset in the middle of a collective (the peer died). */
public final class PeerLostException extends CollectiveException {
  private final int peerRank;

  public PeerLostException(int myRank, int peerRank, PeerAddress peer, String what, Throwable cause) {
    super(String.format("rank %d: lost peer rank %d at %s while %s: %s", myRank, peerRank, peer, what,
        cause == null ? "connection closed" : cause.toString()), cause);
    this.peerRank = peerRank;
  }

  public int peerRank() { return peerRank; }
}
