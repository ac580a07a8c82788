package org.phenolip.kg.pmc;

import java.io.Serializable;

/** One row of {@code rejects/} ({@code PhenoKg.REJECT}): which input, at which stage, why. */
public record Reject(String source, String stage, String reason, String detail) implements Serializable {
  /** Stage name of everything the PMC reader rejects. */
  public static final String STAGE = "pmc";

  public static Reject of(String source, RejectReason reason, String detail) {
    return new Reject(source, STAGE, reason.code(), detail);
  }

  /** The reason as an enum (every reject this package makes has one). */
  public RejectReason reasonEnum() {
    return RejectReason.byCode(reason).orElseThrow(() -> new IllegalStateException("unknown reason " + reason));
  }
}
