package org.phenolip.train.dist;

/** A collective operation failed: a peer is gone, stalled, or disagrees on the operation. */
public class CollectiveException extends RuntimeException {
  public CollectiveException(String message) {
    super(message);
  }

  public CollectiveException(String message, Throwable cause) {
    super(message, cause);
  }
}
