package org.phenolip.model.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PresetTest {
  @Test
  void presetsByKeyGiveTheNamedShapes() {
    assertEquals(Preset.TINY, Preset.parse("tiny"));
    assertEquals(ModelConfig.small(100), Preset.parse("small").config(100));
    assertEquals(ModelConfig.base(100), ModelConfig.preset("base", 100));
    assertEquals("base", Preset.BASE.key());
  }

  @Test
  void anUnknownPresetIsOneClearLine() {
    var e = assertThrows(IllegalArgumentException.class, () -> Preset.parse("huge"));
    assertEquals("unknown model preset 'huge' (expected tiny, small or base)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Preset.parse("TINY"), "keys are lower case, as before");
  }

  @Test
  void deviceSpecsAreCheckedForFormWithoutTheEngine() {
    assertEquals(DeviceSpec.CPU, DeviceSpec.parse(" CPU "));
    assertEquals(DeviceSpec.TASK_GPU, DeviceSpec.parse("gpu"));
    assertEquals(DeviceSpec.AUTO, DeviceSpec.parse("Auto"));
    assertEquals(new DeviceSpec(DeviceSpec.Mode.GPU, 3), DeviceSpec.parse("gpu:3"));
    assertEquals("gpu:3", DeviceSpec.parse("gpu:3").toString());
    var e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("tpu"));
    assertEquals("--device 'tpu': expected auto, cpu, gpu or gpu:N", e.getMessage());
  }
}
