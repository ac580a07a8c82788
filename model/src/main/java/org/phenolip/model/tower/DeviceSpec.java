package org.phenolip.model.tower;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --device} value, checked for form when it is parsed: {@code auto} (a GPU when the
 * engine has CUDA, else the CPU), {@code cpu}, {@code gpu} (the GPU Spark gave the task, or one
 * per replica on a local machine) or {@code gpu:N}. Whether a GPU exists is asked of the engine
 * only later ({@link Devices}).
 *
 * @param index the CUDA device index for {@code gpu:N}, else -1
 */
public record DeviceSpec(Mode mode, int index) {
  public enum Mode { AUTO, CPU, GPU }

  private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");
  public static final DeviceSpec CPU = new DeviceSpec(Mode.CPU, -1);
  public static final DeviceSpec AUTO = new DeviceSpec(Mode.AUTO, -1);
  /** The GPU Spark assigned to the task (or, without task resources, GPU rank mod count). */
  public static final DeviceSpec TASK_GPU = new DeviceSpec(Mode.GPU, -1);

  public DeviceSpec {
    if (index < -1 || (index >= 0 && mode != Mode.GPU)) throw new IllegalArgumentException("device " + mode + " index " + index);
  }

  public static DeviceSpec parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) return CPU;
    if (s.equals("auto")) return AUTO;
    Matcher m = GPU.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("--device '" + spec + "': expected auto, cpu, gpu or gpu:N");
    }
    return m.group(1) == null ? TASK_GPU : new DeviceSpec(Mode.GPU, Integer.parseInt(m.group(1)));
  }

  @Override
  public String toString() {
    return switch (mode) {
      case AUTO -> "auto";
      case CPU -> "cpu";
      case GPU -> index < 0 ? "gpu" : "gpu:" + index;
    };
  }
}
