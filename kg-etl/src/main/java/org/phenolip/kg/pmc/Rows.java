package org.phenolip.kg.pmc;

import java.util.List;
import scala.jdk.javaapi.CollectionConverters;

/** Row values Spark accepts on every path: arrays as Scala Seqs (row encoders refuse java.util.List). */
final class Rows {
  private Rows() {}

  static scala.collection.immutable.Seq<String> seq(List<String> list) {
    return CollectionConverters.asScala(list).toSeq();
  }
}
