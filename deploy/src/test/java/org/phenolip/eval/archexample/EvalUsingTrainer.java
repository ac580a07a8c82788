package org.phenolip.eval.archexample;

import org.phenolip.train.optim.LrSchedule;

/** Deliberately breaks the module rule (eval using the trainer), for ArchitectureTest. Test sources only. */
public final class EvalUsingTrainer {
  private EvalUsingTrainer() {}

  public static Class<?> trainer() {
    return LrSchedule.class;
  }
}
