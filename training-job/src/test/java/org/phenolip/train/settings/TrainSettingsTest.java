package org.phenolip.train.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.model.tower.DeviceSpec;
import org.phenolip.model.tower.Preset;
import org.phenolip.train.loop.TrainConfig;
import picocli.CommandLine;

class TrainSettingsTest {
  static TrainSettings settings(int workers, int batch, float lr) {
    return new TrainSettings("kg", org.phenolip.core.io.OutputFolder.of("out", "--out"), Preset.TINY, 2, -1, batch, lr, 10, 7, workers, 0, false, null,
        null, DeviceSpec.CPU, new FailureInjection(1, 3), null, null);
  }

  @Test
  void theLoopConfigKeepsTheFormerDerivations() {
    TrainConfig c = settings(2, 8, 5e-4f).config();
    assertEquals(5e-4f / 10, c.minLr(), 0f, "min lr = peak / 10, in float, as before");
    assertEquals(1.0, c.clipNorm());
    assertEquals(1, c.failRank());
    assertEquals(3, c.failStep());
    assertEquals(Path.of("out", "checkpoints").toAbsolutePath().toUri().toString(), c.checkpointDir()); // a full URI, not a bare path
  }

  @Test
  void badSettingsFailBeforeAnyWork() {
    assertThrows(IllegalArgumentException.class, () -> settings(0, 8, 1e-3f));
    assertThrows(IllegalArgumentException.class, () -> settings(1, 0, 1e-3f));
    var e = assertThrows(IllegalArgumentException.class, () -> settings(1, 8, Float.NaN));
    assertEquals("--lr must be a positive number, got NaN", e.getMessage());
    var f = assertThrows(IllegalArgumentException.class, () -> FailureInjection.parse("1-3"));
    assertEquals("--fail-at '1-3': expected RANK:STEP (two integers)", f.getMessage());
  }

  @Test
  void aBadPresetOrDeviceIsOneErrorLineFromTheCli() {
    for (String[] bad : new String[][] {{"--preset", "huge"}, {"--device", "tpu"}}) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      CommandLine cl = Phenolip.commandLine();
      cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
      int code = cl.execute("train", "stage1", "--kg", "kg", "--out", "out", bad[0], bad[1]);
      assertEquals(2, code);
      // the CLI prefixes every user mistake with "error: " (one line, exit 2)
      String first = err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("").replaceFirst("^error: ", "");
      assertTrue(first.startsWith("Invalid value for option '" + bad[0] + "'") && first.contains(bad[1]), first);
    }
  }

  @Test
  void folderChecksumsFollowContentNotTheRecordItself(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.txt"), "one");
    String before = (String) TrainingRecord.folder(dir).get("sha256");
    Files.writeString(dir.resolve(TrainingRecord.FILE), "{}");
    assertEquals(before, TrainingRecord.folder(dir).get("sha256"), "training.json is not part of the model's checksum");
    Files.writeString(dir.resolve("a.txt"), "two");
    assertNotEquals(before, TrainingRecord.folder(dir).get("sha256"));
  }
}
