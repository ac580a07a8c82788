package org.phenolip.model.tower;

import ai.djl.Device;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --device} value, checked for form when it is parsed: {@code cpu}, {@code gpu} or
 * {@code gpu:N}. Whether that GPU exists is asked of the engine only by {@link #resolve()}.
 *
 * @param gpu the CUDA device index, or -1 for the CPU
 */
public record DeviceSpec(int gpu) {
  private static final Pattern GPU = Pattern.compile("gpu(?::(\\d+))?");
  public static final DeviceSpec CPU = new DeviceSpec(-1);

  public DeviceSpec {
    if (gpu < -1) throw new IllegalArgumentException("device index " + gpu);
  }

  public static DeviceSpec parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("cpu")) return CPU;
    Matcher m = GPU.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("--device '" + spec + "': expected cpu, gpu or gpu:N");
    }
    return new DeviceSpec(m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
  }

  /** The engine's device; a clear error when the PyTorch engine has no such GPU. */
  public Device resolve() {
    return Devices.parse(toString());
  }

  @Override
  public String toString() {
    return gpu < 0 ? "cpu" : "gpu:" + gpu;
  }
}
