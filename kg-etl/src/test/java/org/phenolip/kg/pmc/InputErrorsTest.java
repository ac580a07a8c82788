package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Only what a parsing library throws about its input becomes a reject; our own bugs fail loudly. */
class InputErrorsTest {
  @Test
  void anExceptionFromAnInputLibraryIsAnInputError() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> new java.io.ByteArrayInputStream(null));
    assertTrue(InputErrors.fromInputLibrary(e), e.getStackTrace()[0].toString());
  }

  @Test
  void anExceptionFromOurCodeIsABug() {
    assertFalse(InputErrors.fromInputLibrary(new IllegalStateException("a bug in a reader")));
    assertFalse(InputErrors.fromInputLibrary(new IllegalStateException() {
      @Override public synchronized Throwable fillInStackTrace() { return this; } // no frames at all
    }));
  }
}
