package org.phenolip.core.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** In YARN cluster mode (Spark's ApplicationMaster sets spark.yarn.app.id) a command ends without System.exit. */
class PhenolipExitTest {
  @AfterEach
  void clear() {
    System.clearProperty("spark.yarn.app.id");
  }

  @Test
  void inAYarnApplicationMasterSuccessReturnsAndFailureThrows() {
    System.setProperty("spark.yarn.app.id", "application_1_0001");
    Phenolip.exit(0); // returns: System.exit(0) would make the AM report FAILED
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Phenolip.exit(2));
    assertTrue(e.getMessage().contains("exit code 2"), e.getMessage());
  }
}
