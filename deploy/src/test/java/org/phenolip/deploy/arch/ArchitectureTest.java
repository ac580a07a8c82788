package org.phenolip.deploy.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.eval.archexample.EvalUsingTrainer;
import org.phenolip.kg.pmc.SparkInThePmcCore;

/**
 * Every product class of every module (deploy sees them all) against {@link LayerRules}; and,
 * so that the rules are known to bite, two deliberately bad classes from the test sources.
 */
class ArchitectureTest {
  static JavaClasses product;

  @BeforeAll
  static void importProductClasses() {
    product = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar")) // core's test jar (S3TestServer, fixtures)
        .importPackages("org.phenolip");
    // The import must have found every module, or the rules below check nothing.
    for (String pkg : new String[] {"org.phenolip.core", "org.phenolip.kg.pmc", "org.phenolip.kg.rdf",
        "org.phenolip.model.engine", "org.phenolip.train", "org.phenolip.eval", "org.phenolip.deploy"}) {
      assertTrue(product.containPackage(pkg), "no classes imported from " + pkg);
    }
  }

  @Test void kgCoreImportsNothingFromSparkOrJena() { LayerRules.KG_CORE_WITHOUT_SPARK_OR_JENA.check(product); }

  @Test void kgFetchCoreImportsNothingFromSpark() { LayerRules.KG_FETCH_CORE_WITHOUT_SPARK.check(product); }

  @Test void rdfIsTheJenaLayer() { LayerRules.JENA_ONLY_IN_RDF.check(product); }

  @Test void fusekiIsItsOwnLayer() {
    LayerRules.FUSEKI_ITS_OWN_LAYER.check(product);
    LayerRules.FUSEKI_AND_JETTY_ONLY_IN_SERVER.check(product);
  }

  @Test void evalNeverImportsTraining() { LayerRules.EVAL_NEVER_USES_TRAINING.check(product); }

  @Test void trainersNeverImportTheCli() { LayerRules.TRAINERS_NEVER_USE_THE_CLI.check(product); }

  @Test void nothingImportsDeploy() { LayerRules.NOTHING_USES_DEPLOY.check(product); }

  @Test void pytorchOnlyInTheAdapter() { LayerRules.PYTORCH_ONLY_IN_THE_ADAPTER.check(product); }

  @Test void modelBelowTheJobs() { LayerRules.MODEL_BELOW_THE_JOBS.check(product); }

  @Test void coreBelowEverything() { LayerRules.CORE_BELOW_EVERYTHING.check(product); }

  @Test void sparkLayersUseHadoopPaths() { LayerRules.SPARK_LAYERS_USE_HADOOP_PATHS.check(product); }

  /**
   * A data option typed {@code java.nio.file.Path} turns {@code s3a://b/kg} into {@code s3a:/b/kg}
   * (found in {@code kg sparql --kg}): every option of every command takes a String URI, but for
   * these, which name files on the machine where the command is typed.
   */
  @Test
  void dataOptionsTakeUris() {
    java.util.Set<String> local = new java.util.TreeSet<>();
    collectLocalFileOptions(org.phenolip.core.cli.Phenolip.commandLine(), local);
    assertEquals(java.util.Set.of(
        "phenolip pipeline --out", "phenolip pipeline --data", "phenolip pipeline --hpo", "phenolip pipeline --pmc", // the local demo
        "phenolip ablate --out", "phenolip ablate --bench", "phenolip ablate --teacher", // the local demo's ablation
        "phenolip rebuild --spec", // the schedule's plan, kept with the scheduler
        "phenolip kg sparql --query-file"), // the query text
        local);
  }

  private static void collectLocalFileOptions(picocli.CommandLine cl, java.util.Set<String> out) {
    for (picocli.CommandLine.Model.ArgSpec a : cl.getCommandSpec().args()) {
      boolean file = java.util.stream.Stream.concat(java.util.stream.Stream.of(a.type()), java.util.Arrays.stream(a.auxiliaryTypes()))
          .anyMatch(t -> java.nio.file.Path.class.isAssignableFrom(t) || java.io.File.class.isAssignableFrom(t));
      if (!file) continue;
      String name = a instanceof picocli.CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel();
      out.add(cl.getCommandSpec().qualifiedName() + " " + name);
    }
    for (picocli.CommandLine sub : cl.getSubcommands().values()) {
      if (sub.getCommandSpec().parent() == cl.getCommandSpec()) collectLocalFileOptions(sub, out); // not again per alias
    }
  }

  @Test
  void failsWhenALayerRuleIsBroken() {
    JavaClasses bad = new ClassFileImporter().importClasses(SparkInThePmcCore.class, EvalUsingTrainer.class);
    assertViolation(LayerRules.KG_CORE_WITHOUT_SPARK_OR_JENA, bad, SparkInThePmcCore.class.getName(),
        "org.apache.spark.sql.Row");
    assertViolation(LayerRules.EVAL_NEVER_USES_TRAINING, bad, EvalUsingTrainer.class.getName(),
        "org.phenolip.train.optim.LrSchedule");
  }

  private static void assertViolation(ArchRule rule, JavaClasses classes, String offender, String target) {
    AssertionError e = assertThrows(AssertionError.class, () -> rule.check(classes));
    assertTrue(e.getMessage().contains(offender) && e.getMessage().contains(target), e.getMessage());
  }
}
