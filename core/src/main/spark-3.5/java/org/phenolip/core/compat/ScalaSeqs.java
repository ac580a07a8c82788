package org.phenolip.core.compat;

import java.util.List;
import scala.collection.JavaConverters;

/**
 * Java lists to and from Scala sequences, for Spark rows (array columns hold Scala Seqs).
 * Spark 3.5 / Scala 2.12 build: Scala 2.12 has no {@code scala.jdk.javaapi.CollectionConverters};
 * its {@code scala.collection.JavaConverters} does the same. The Spark 4.1 / Scala 2.13 build has a
 * class of the same name and signatures under src/main/spark-4.1.
 */
public final class ScalaSeqs {
  private ScalaSeqs() {}

  /** An immutable Scala Seq holding the list's elements in order (null stays null). */
  public static <T> scala.collection.immutable.Seq<T> immutableSeq(List<T> list) {
    return list == null ? null : JavaConverters.asScalaBuffer(list).toList();
  }

  /** A Java List view of a Scala Seq (null stays null). */
  public static <T> List<T> asJava(scala.collection.Seq<T> seq) {
    return seq == null ? null : JavaConverters.seqAsJavaList(seq);
  }
}
