package org.phenolip.train.cli;

import org.phenolip.core.cli.Checks;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.cli.UserError;
import org.phenolip.core.io.Storage;
import org.phenolip.model.tower.TowerSpec;
import org.phenolip.train.settings.PretrainedTowers;
import picocli.CommandLine.Option;

/** The pretrained-tower options both training stages take (stage 2 adds --image-tower). */
public final class TowerOptions {
  @Option(names = "--text-tower", description = "Start the text tower from a pretrained TorchScript tower folder (tower.json, "
      + "model file, vocab.txt; local, hdfs:// or s3a://). Stage 2 with --init teacher needs the tower the teacher was trained from.")
  String textTower;

  @Option(names = "--tower-lr-scale", defaultValue = "0.1", description = "Pretrained towers are fine-tuned at this factor "
      + "of --lr (default: ${DEFAULT-VALUE}).")
  float towerLrScale;

  /** The towers, their specs read and checked; {@code imageTower} null for none. */
  PretrainedTowers read(SparkOptions spark, String imageTower) {
    Checks.positive(towerLrScale, "--tower-lr-scale");
    return PretrainedTowers.read(spark.storage(), uri(spark, imageTower, "--image-tower"), uri(spark, textTower, "--text-tower"),
        towerLrScale);
  }

  /** A tower folder as a full URI (tasks resolve bare paths against fs.defaultFS), checked to hold a tower.json. */
  private static String uri(SparkOptions spark, String dir, String option) {
    if (dir == null) return null;
    String uri = dir;
    if (Storage.isLocal(dir)) uri = Checks.dir(Storage.localPath(dir), option).toAbsolutePath().toUri().toString();
    if (!spark.storage().exists(Storage.child(uri, TowerSpec.FILE))) {
      throw new UserError(option + " " + dir + ": no " + TowerSpec.FILE
          + " inside (a tower folder holds tower.json and its TorchScript file)");
    }
    return uri;
  }
}
