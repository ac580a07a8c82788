package org.phenolip.model.tower;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Parses a {@code --device} value: {@code cpu} (the default), {@code gpu} or {@code gpu:N}.
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

  public static Device parse(String spec) {
    DeviceSpec d = DeviceSpec.parse(spec); // the form; the engine is asked below
    if (d.gpu() < 0) {
      return Device.cpu();
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int id = d.gpu();
    int gpus = gpuCount();
    if (gpus == 0) {
      throw new IllegalArgumentException("--device " + s + ": the PyTorch engine sees no CUDA device"
          + " (libtorch in use: " + flavor() + "). Install a CUDA libtorch 2.7.1 and start with"
          + " PYTORCH_LIBRARY_PATH=<libtorch>/lib PYTORCH_FLAVOR=cu124 PYTORCH_VERSION=2.7.1,"
          + " or use --device cpu");
    }
    if (id >= gpus) {
      throw new IllegalArgumentException("--device " + s + ": only " + gpus + " CUDA device(s), numbered 0.."
          + (gpus - 1));
    }
    return Device.gpu(id);
  }

  static int gpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  private static String flavor() {
    String f = System.getenv("PYTORCH_FLAVOR");
    return f == null ? "cpu (pytorch-native-cpu)" : f;
  }
}
