package org.phenolip.core.cli;

/**
 * A mistake in what the user asked for (a path that is not there, a number out of range): the
 * CLI prints its message as one line and exits with code 2, before any work starts.
 */
public final class UserError extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
