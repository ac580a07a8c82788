package org.phenolip.kg;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.kg.KgEtlJob phenolip.jar build --hpo ...}. */
public final class KgEtlJob {
  private KgEtlJob() {}

  public static void main(String[] args) {
    Phenolip.runCommand("kg", args);
  }
}
