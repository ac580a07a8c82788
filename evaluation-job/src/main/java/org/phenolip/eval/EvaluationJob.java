package org.phenolip.eval;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.eval.EvaluationJob phenolip.jar --model ... --bench ...}. */
public final class EvaluationJob {
  private EvaluationJob() {}

  public static void main(String[] args) {
    Phenolip.runCommand("eval", args);
  }
}
