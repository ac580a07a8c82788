package org.phenolip.curate;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.curate.CaptionCurationJob phenolip.jar --kg KG --out DIR}. */
public final class CaptionCurationJob {
  private CaptionCurationJob() {}

  public static void main(String[] args) {
    Phenolip.runCommand("curate", args);
  }
}
