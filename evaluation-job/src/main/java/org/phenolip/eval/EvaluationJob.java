package org.phenolip.eval;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.eval.EvaluationJob phenolip.jar --model ... --bench ...}. */
public final class EvaluationJob {
  private EvaluationJob() {}

  public static void main(String[] args) {
    String[] full = new String[args.length + 1];
    full[0] = "eval";
    System.arraycopy(args, 0, full, 1, args.length);
    System.exit(Phenolip.commandLine().execute(full));
  }
}
