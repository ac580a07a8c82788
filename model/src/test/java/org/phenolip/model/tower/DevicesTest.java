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
  void aReplicaTakesTheGpuSparkGaveItsTask() {
    // with CUDA: the task's address, else rank mod count; gpu:N pins
    assertEquals(Device.gpu(1), Devices.choose(DeviceSpec.TASK_GPU, java.util.List.of("1"), 0, 2).device());
    assertEquals(Device.gpu(1), Devices.choose(DeviceSpec.AUTO, java.util.List.of("1"), 0, 2).device());
    assertEquals(Device.gpu(1), Devices.choose(DeviceSpec.TASK_GPU, java.util.List.of(), 3, 2).device());
    assertEquals(Device.gpu(0), Devices.choose(DeviceSpec.parse("gpu:0"), java.util.List.of("1"), 1, 2).device());
    assertEquals(Device.cpu(), Devices.choose(DeviceSpec.CPU, java.util.List.of("1"), 1, 2).device());
    // auto without CUDA runs on the CPU and says why it ignored the task's GPU
    Devices.Choice c = Devices.choose(DeviceSpec.AUTO, java.util.List.of("0"), 0, 0);
    assertEquals(Device.cpu(), c.device());
    assertTrue(c.note().startsWith("Spark gave this task GPU 0 but libtorch has no CUDA"), c.note());
    assertEquals(null, Devices.choose(DeviceSpec.AUTO, java.util.List.of(), 0, 0).note());
    // gpu without CUDA, or a GPU the engine lacks: one line saying what to do
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.choose(DeviceSpec.TASK_GPU, java.util.List.of("0"), 0, 0));
    assertTrue(e.getMessage().contains("(Spark gave this task GPU 0)") && e.getMessage().contains("PYTORCH_LIBRARY_PATH"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Devices.choose(DeviceSpec.TASK_GPU, java.util.List.of("3"), 0, 2));
    assertTrue(e.getMessage().contains("GPU 3 asked") && e.getMessage().contains("only 2 CUDA device(s)"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Devices.choose(DeviceSpec.TASK_GPU, java.util.List.of("gpu-a"), 0, 2));
    assertTrue(e.getMessage().contains("not a CUDA index"), e.getMessage());
  }

  @Test
  void unknownDeviceNamesAreRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> Devices.parse("tpu"));
    assertEquals("--device 'tpu': expected auto, cpu, gpu or gpu:N", e.getMessage());
  }
}
