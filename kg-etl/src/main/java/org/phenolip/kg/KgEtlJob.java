package org.phenolip.kg;

import org.phenolip.core.cli.Phenolip;

/** spark-submit entry point: {@code spark-submit --class org.phenolip.kg.KgEtlJob phenolip.jar build --hpo ...}. */
public final class KgEtlJob {
  private KgEtlJob() {}

  public static void main(String[] args) {
    String[] full = new String[args.length + 1];
    full[0] = "kg";
    System.arraycopy(args, 0, full, 1, args.length);
    System.exit(Phenolip.commandLine().execute(full));
  }
}
