package org.phenolip.train.settings;

/**
 * Testing only ({@code --fail-at RANK:STEP}): worker {@code rank} fails once, at {@code step},
 * in the first stage attempt, to exercise retry and resume.
 */
public record FailureInjection(int rank, long step) {
  public FailureInjection {
    if (rank < 0 || step < 0) throw new IllegalArgumentException("--fail-at needs RANK:STEP ≥ 0, got " + rank + ":" + step);
  }

  public static FailureInjection parse(String spec) {
    String[] p = spec == null ? new String[0] : spec.split(":", -1);
    try {
      if (p.length == 2) return new FailureInjection(Integer.parseInt(p[0].trim()), Long.parseLong(p[1].trim()));
    } catch (NumberFormatException e) {
      // the message below
    }
    throw new IllegalArgumentException("--fail-at '" + spec + "': expected RANK:STEP (two integers)");
  }

  @Override
  public String toString() {
    return rank + ":" + step;
  }
}
