package org.phenolip.deploy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * Job data goes through one storage layer ({@code org.phenolip.core.io.Storage}: Hadoop URIs on
 * local disk, HDFS or S3), never through {@code java.nio.file}, which only reaches the local disk
 * of whichever machine runs the code. The allow-list names what must stay local and why.
 */
class StorageRulesTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.phenolip");

  /** Packages that read or write job data: KG tables, models, checkpoints, metrics, summaries. */
  static final String[] JOB_PACKAGES = {
      "org.phenolip.kg.build..", "org.phenolip.train.loop..", "org.phenolip.train.checkpoint..",
      "org.phenolip.train.stage1..", "org.phenolip.train.stage2..", "org.phenolip.train.cli..",
      "org.phenolip.eval.bench..", "org.phenolip.eval.cli..", "org.phenolip.eval.run..", "org.phenolip.eval.spark..",
      "org.phenolip.eval.report..", "org.phenolip.eval.embed.."};

  /** What stays on local disk on purpose, and why (nested classes included). */
  static final String[] LOCAL_ON_PURPOSE = {
      "org.phenolip.model.encode.ModelStore",        // DJL reads/writes model files locally: scratch copies
      "org.phenolip.kg.build.InputFiles",                // --hpo/--pmc inputs are local files
      "org.phenolip.kg.build.KgBuild",                   // the same inputs, read by path on the executors
      "org.phenolip.kg.build.BuildCommand",              // the same CLI inputs
      "org.phenolip.train.cli.TrainOptions",             // --vocab (bundled resource), --exclude-bench list
      "org.phenolip.train.stage2.Stage2Trainer",         // DJL scratch, vocab resource
      "org.phenolip.train.stage2.Stage2Task",            // DJL scratch on the executor
      "org.phenolip.train.stage2.FigureExamples",        // --exclude-bench list
      "org.phenolip.eval.report.Report",                 // XChart renders into local scratch, copied by Storage
      "org.phenolip.eval.embed.PhenolipModelProvider",   // DJL scratch, bundled vocab
      "org.phenolip.eval.run.ProbeData",                 // --probe data sets: local files for now
      "org.phenolip.eval.bench.ImageFolders",            // the same probe image folders
      // Still local after merging the evidence branch's changes (held-out lists, build-bench output): to convert.
      "org.phenolip.eval.bench.BuildBench", "org.phenolip.eval.cli.EvalCommand"};

  static String allowed(String[] classes) {
    return "(" + String.join("|", java.util.Arrays.stream(classes).map(c -> c.replace(".", "\\.")).toList()) + ")(\\$.*)?";
  }

  @Test
  void jobDataDoesNotUseJavaNioFiles() {
    ArchRule rule = noClasses().that().resideInAnyPackage(JOB_PACKAGES)
        .and().haveNameNotMatching(allowed(LOCAL_ON_PURPOSE))
        .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Paths")
        .because("job data is a Hadoop URI read and written through org.phenolip.core.io.Storage");
    rule.check(CLASSES);
  }

  @Test
  void checkpointsAndMetricsGoThroughHadoopFileSystem() {
    noClasses().that().resideInAnyPackage("org.phenolip.train.loop..", "org.phenolip.train.checkpoint..")
        .and().haveNameNotMatching(allowed(new String[] {"org.phenolip.model.encode.ModelStore"}))
        .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Path")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileWriter")
        .because("rank 0 writes checkpoints and metrics through Hadoop FS, not to an executor's local disk")
        .check(CLASSES);
  }
}
