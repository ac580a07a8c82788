package org.phenolip.eval.probe;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * MLlib's BLAS ({@code dev.ludovic.netlib}) uses a native library when the machine has
 * {@code libblas.so.3} (on Debian: {@code bin/setup-debian.sh blas} installs OpenBLAS as that
 * library); without one it falls back to Java. Checked through Spark's own accessor, so what
 * is asserted is what LogisticRegression's aggregators call.
 */
class NativeBlasTest {
  private static final Path[] LIBBLAS = {
      Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3"), Path.of("/usr/lib/aarch64-linux-gnu/libblas.so.3"),
      Path.of("/usr/lib64/libblas.so.3"), Path.of("/usr/lib/libblas.so.3")};

  @Test
  void mllibUsesTheNativeBlasWhenTheMachineHasOne() {
    boolean present = false;
    for (Path p : LIBBLAS) present |= Files.exists(p);
    Object blas = org.apache.spark.ml.linalg.BLAS$.MODULE$.nativeBLAS();
    String impl = blas.getClass().getName();
    if (present) {
      assertEquals("dev.ludovic.netlib.blas.JNIBLAS", impl, "libblas.so.3 is here but MLlib did not load it");
      // A real product through it: the native library answers, not only loads.
      double[] y = {1, 1};
      ((dev.ludovic.netlib.blas.BLAS) blas).dgemv("N", 2, 2, 2.0, new double[] {1, 2, 3, 4}, 2, new double[] {1, 1}, 1, 1.0, y, 1);
      assertArrayEquals(new double[] {9, 13}, y, 0);
    } else {
      assertNotEquals("dev.ludovic.netlib.blas.JNIBLAS", impl, "no libblas.so.3: the Java fallback must be used");
    }
  }
}
