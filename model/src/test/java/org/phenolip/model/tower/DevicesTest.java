package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class DevicesTest {
  @Test
  void cpuIsTheCpu() {
    assertEquals(Device.cpu(), Devices.parse("cpu"));
    assertEquals(Device.cpu(), Devices.parse(" CPU "));
  }

  @Test
  void gpuWithoutCudaLibtorchFailsWithHowToFixIt() {
    if (Devices.gpuCount() > 0) {
      assertEquals(Device.gpu(0), Devices.parse("gpu"));
      assertEquals(Device.gpu(0), Devices.parse("gpu:0"));
      return;
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("gpu:0"));
    assertTrue(e.getMessage().startsWith("--device gpu:0: the PyTorch engine sees no CUDA device"), e.getMessage());
    assertTrue(e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
  }

  @Test
  void unknownDeviceNamesAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu"));
    assertEquals("--device 'tpu': expected cpu, gpu or gpu:N", e.getMessage());
  }
}
