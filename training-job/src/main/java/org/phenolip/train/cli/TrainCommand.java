package org.phenolip.train.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.phenolip.core.cli.SparkOptions;
import org.phenolip.core.cli.Checks;
import org.phenolip.core.cli.UserError;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.train.loop.DataParallelTrainer;
import org.phenolip.train.settings.PretrainedTowers;
import org.phenolip.train.settings.TrainSettings;
import org.phenolip.train.stage1.Stage1Trainer;
import org.phenolip.train.stage2.Stage2Trainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train PhenoLIP: stage1 (phenotype text encoder, the teacher), stage2 (CLIP + teacher-guided distillation).",
    subcommands = {TrainCommand.Stage1.class, TrainCommand.Stage2.class})
public final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  static org.apache.spark.sql.SparkSession session(SparkOptions spark, TrainOptions t, String name) {
    spark.defaults.putAll(DataParallelTrainer.sessionConf(t.workers));
    if (spark.master.startsWith("local")) spark.master = DataParallelTrainer.localMaster(t.workers);
    return spark.session(name);
  }

  @Command(name = "stage1", mixinStandardHelpOptions = true,
      description = "Train the knowledge-enhanced phenotype text encoder on HPO names, definitions, synonyms and is_a pairs.")
  static final class Stage1 implements Callable<Integer> {
    @Mixin TrainOptions train;
    @Mixin SparkOptions spark;

    @Option(names = "--systems", split = ",", description = "Only terms of these anatomical systems (e.g. integument,neoplasm).")
    List<String> systems = new ArrayList<>();

    @Option(names = "--max-terms", defaultValue = "0", description = "At most this many terms, first by id (0: all).")
    int maxTerms;

    @Mixin TowerOptions towers;

    @Override
    public Integer call() {
      train.validate(spark);
      Checks.atLeast(maxTerms, 0, "--max-terms");
      PretrainedTowers pretrained = towers.read(spark, null);
      TrainSettings settings = train.settings(); // checked before any work starts
      var summary = Stage1Trainer.run(session(spark, train, "phenolip train stage1"), settings, systems, maxTerms, pretrained);
      System.out.println("teacher written to " + settings.out().show(Stage1Trainer.MODEL_DIR));
      System.out.println(Json.write(summary));
      return 0;
    }
  }

  @Command(name = "stage2", mixinStandardHelpOptions = true,
      description = "CLIP contrastive training on PhenoKG figure-caption pairs with teacher-guided distillation.")
  static final class Stage2 implements Callable<Integer> {
    @Mixin TrainOptions train;
    @Mixin SparkOptions spark;

    @Option(names = "--teacher", description = "Stage-1 output folder (model/ and phenotype_embeddings/; local, hdfs:// or s3a://).")
    String teacher;

    @Option(names = "--no-distill", description = "No distillation term (the same as --lambda 0); the init is still --init's.")
    boolean noDistill;

    @Option(names = "--init", description = "Student start: random or teacher (default: teacher when --teacher is given, else random)."
        + " Independent of --lambda.")
    String init;

    @Option(names = "--lambda", defaultValue = "1.0", description = "Weight λ of the distillation term (default: ${DEFAULT-VALUE}).")
    float lambda;

    @Option(names = "--tau-teacher", defaultValue = "0.05", description = "Teacher softmax temperature (default: ${DEFAULT-VALUE}).")
    float tauTeacher;

    @Option(names = "--tau-student", defaultValue = "0.05", description = "Student softmax temperature (default: ${DEFAULT-VALUE}).")
    float tauStudent;

    @Option(names = "--image-tower", description = "Start the image tower from a pretrained TorchScript tower: a folder with "
        + "tower.json and its model file (training-job/scripts/export_torchscript.py; local, hdfs:// or s3a://).")
    String imageTower;

    @Mixin TowerOptions towers;

    @Override
    public Integer call() {
      train.validate(spark);
      boolean distill = !noDistill && lambda > 0;
      if (distill && teacher == null) {
        throw new UserError("stage2 needs --teacher DIR (the stage1 output) or --no-distill / --lambda 0 for plain CLIP");
      }
      if (!(lambda >= 0)) throw new UserError("--lambda must be >= 0, got " + lambda);
      if (teacher != null) {
        // tasks and Spark get a full URI: a bare path would resolve against fs.defaultFS (HDFS on YARN)
        if (Storage.isLocal(teacher)) {
          Path t = Checks.dir(Storage.localPath(teacher), "--teacher");
          teacher = t.toAbsolutePath().toUri().toString();
        }
        if (!spark.storage().isDirectory(Storage.child(teacher, Stage1Trainer.MODEL_DIR))) {
          throw new UserError("--teacher " + teacher + ": no " + Stage1Trainer.MODEL_DIR + "/ inside (not a stage1 output)");
        }
      }
      if (distill) {
        Checks.positive(tauTeacher, "--tau-teacher");
        Checks.positive(tauStudent, "--tau-student");
      }
      TrainSettings settings = train.settings(); // checked before any work starts
      Stage2Trainer.Init start = switch (init == null ? (teacher != null ? "teacher" : "random") : init) {
        case "random" -> Stage2Trainer.Init.RANDOM;
        case "teacher" -> Stage2Trainer.Init.TEACHER;
        default -> throw new IllegalArgumentException("--init must be random or teacher, got '" + init + "'");
      };
      var d = new Stage2Trainer.Distill(teacher, start, noDistill ? 0 : lambda, tauTeacher, tauStudent);
      var summary = Stage2Trainer.run(session(spark, train, "phenolip train stage2"), settings, d, towers.read(spark, imageTower));
      System.out.println("model written to " + settings.out().show(Stage1Trainer.MODEL_DIR));
      System.out.println(Json.write(summary));
      return 0;
    }
  }
}
