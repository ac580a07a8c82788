package org.phenolip.model.tower;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;

/**
 * Turns a {@code --device} value into the engine device one model replica runs on.
 *
 * <p>The project ships the CPU libtorch (pytorch-native-cpu). To train on a GPU, point DJL at
 * a CUDA build of libtorch 2.7.1 before the JVM starts, e.g.
 * {@code PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_FLAVOR=cu124 PYTORCH_VERSION=2.7.1}
 * (or put {@code ai.djl.pytorch:pytorch-native-cu124:2.7.1:linux-x86_64} on the classpath in
 * place of the CPU jar); with {@code DJL_OFFLINE=true} nothing is downloaded. On a Spark
 * cluster set the same variables through {@code spark.executorEnv.*}.
 */
public final class Devices {
  private Devices() {}

  /** A replica's device and, when it differs from what was asked, why. */
  public record Choice(Device device, String note) {
    @Override
    public String toString() {
      return device + (note == null ? "" : " (" + note + ")");
    }
  }

  /** The device of a process that is not a Spark task (e.g. {@code eval} on the driver). */
  public static Device parse(String spec) {
    return choose(DeviceSpec.parse(spec), List.of(), 0, gpuCount()).device();
  }

  /**
   * @param taskGpus the GPU addresses Spark gave this task ({@code TaskContext.resources()}), maybe none
   * @param rank the replica's rank, to spread replicas over a machine's GPUs without task resources
   * @param engineGpus CUDA devices the engine sees (0 with the CPU libtorch)
   */
  public static Choice choose(DeviceSpec spec, List<String> taskGpus, int rank, int engineGpus) {
    String given = taskGpus.isEmpty() ? null : "Spark gave this task GPU " + String.join(",", taskGpus);
    switch (spec.mode()) {
      case CPU:
        return new Choice(Device.cpu(), given);
      case AUTO:
        if (engineGpus == 0) return new Choice(Device.cpu(), given == null ? null : given + " but libtorch has no CUDA: " + flavor());
        return choose(DeviceSpec.TASK_GPU, taskGpus, rank, engineGpus);
      default:
        if (engineGpus == 0) {
          throw new IllegalArgumentException("--device " + spec + ": the PyTorch engine sees no CUDA device"
              + (given == null ? "" : " (" + given + ")") + "; libtorch in use: " + flavor()
              + ". Install a CUDA libtorch 2.7.1 and start with PYTORCH_LIBRARY_PATH=<libtorch>/lib PYTORCH_FLAVOR=cu124"
              + " PYTORCH_VERSION=2.7.1 (on a cluster through spark.executorEnv.*), or use --device cpu");
        }
        int id = spec.index() >= 0 ? spec.index() : !taskGpus.isEmpty() ? address(taskGpus.get(0)) : rank % engineGpus;
        if (id >= engineGpus) {
          throw new IllegalArgumentException("--device " + spec + ": GPU " + id + " asked"
              + (given == null ? "" : " (" + given + ")") + " but only " + engineGpus + " CUDA device(s), numbered 0.." + (engineGpus - 1));
        }
        return new Choice(Device.gpu(id), null);
    }
  }

  private static int address(String a) {
    try {
      return Integer.parseInt(a.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + a + "' from Spark's resource discovery is not a CUDA index", e);
    }
  }

  public static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  private static String flavor() {
    String f = System.getenv("PYTORCH_FLAVOR");
    return f == null ? "cpu (pytorch-native-cpu)" : f;
  }
}
