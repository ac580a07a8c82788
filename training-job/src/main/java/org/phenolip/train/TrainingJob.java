package org.phenolip.train;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.train.TrainingJob phenolip.jar stage2 ...}. */
public final class TrainingJob {
  private TrainingJob() {}

  public static void main(String[] args) {
    String[] full = new String[args.length + 1];
    full[0] = "train";
    System.arraycopy(args, 0, full, 1, args.length);
    System.exit(Phenolip.commandLine().execute(full));
  }
}
