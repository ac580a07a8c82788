package org.phenolip.train.loop;

/** The replicas' parameters are no longer bit for bit equal. */
public final class ReplicaDivergenceException extends RuntimeException {
  public ReplicaDivergenceException(String message) {
    super(message);
  }
}
