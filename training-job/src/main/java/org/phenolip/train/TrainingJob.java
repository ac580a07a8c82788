package org.phenolip.train;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.train.TrainingJob phenolip.jar stage2 ...}. */
public final class TrainingJob {
  private TrainingJob() {}

  public static void main(String[] args) {
    Phenolip.runCommand("train", args);
  }
}
