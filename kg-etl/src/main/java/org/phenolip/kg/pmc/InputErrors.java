package org.phenolip.kg.pmc;

/**
 * Tells an input error from a bug. The readers turn what the parsing libraries throw about the
 * bytes they are given into reject rows; an unchecked exception thrown by our own code is a bug
 * and must fail loudly, not be filed as bad input.
 */
final class InputErrors {
  /** Where the JDK's StAX parser, its decoders and commons-compress live. */
  private static final String[] LIBRARIES = {
      "com.sun.org.apache.xerces.", "com.sun.xml.internal.stream.", "javax.xml.", "java.io.", "sun.nio.cs.",
      "java.nio.charset.", "java.util.zip.", "org.apache.commons.compress."};

  private InputErrors() {}

  /** True when {@code e} was thrown inside a parsing library (it is about the input). */
  static boolean fromInputLibrary(RuntimeException e) {
    StackTraceElement[] st = e.getStackTrace();
    if (st.length == 0) return false;
    String at = st[0].getClassName();
    for (String lib : LIBRARIES) {
      if (at.startsWith(lib)) return true;
    }
    return false;
  }
}
