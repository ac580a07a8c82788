package org.phenolip.eval.cli;

import java.util.List;
import org.phenolip.eval.bench.BenchItem;
import org.phenolip.eval.bench.PhenotypeTable;

/** {@link EvalCommandTest}'s known-ground-truth bench and phenotype table, for tests in other packages. */
public final class EvalCommandTestData {
  private EvalCommandTestData() {}

  public static List<BenchItem> bench() {
    return EvalCommandTest.bench();
  }

  public static PhenotypeTable table() {
    return EvalCommandTest.table();
  }
}
