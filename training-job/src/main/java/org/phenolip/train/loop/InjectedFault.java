package org.phenolip.train.loop;

/** The failure {@link TrainConfig#failAt} asks for, to test retry and resume. */
public final class InjectedFault extends RuntimeException {
  public InjectedFault(int rank, long step, int attempt) {
    super("injected fault: worker " + rank + " fails at step " + step + " (stage attempt " + attempt + ")");
  }
}
