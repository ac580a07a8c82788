package org.phenolip.core.schema;

import java.util.List;
import org.phenolip.core.compat.ScalaSeqs;

/** Row helpers: Spark's Row encoder wants Scala Seqs for array columns, not Java Lists. */
public final class Rows {
  private Rows() {}

  /** A Scala Seq for an array column (null stays null). */
  public static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return ScalaSeqs.immutableSeq(list);
  }
}
