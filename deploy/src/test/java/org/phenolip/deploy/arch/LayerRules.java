package org.phenolip.deploy.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The project's layer and module rules (as Jena keeps Fuseki above ARQ and DJL keeps the
 * engine calls in one adapter). {@link ArchitectureTest} checks them on every product class.
 */
final class LayerRules {
  private LayerRules() {}

  /** ontology, pmc and linking are a core a notebook, a curation job or a test can use alone. */
  static final ArchRule KG_CORE_WITHOUT_SPARK_OR_JENA = noClasses()
      .that().resideInAnyPackage("org.phenolip.kg.ontology..", "org.phenolip.kg.pmc..", "org.phenolip.kg.linking..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.jena..",
          "org.phenolip.kg.build..", "org.phenolip.kg.rdf..", "org.phenolip.kg.fuseki..", "org.phenolip.kg.cli..")
      .because("ontology, pmc and linking are the Spark- and Jena-free core of kg-etl");

  /** kg.fetch's core (client, inventory, fetcher) runs without Spark; kg.fetch.spark distributes it. */
  static final ArchRule KG_FETCH_CORE_WITHOUT_SPARK = noClasses()
      .that().resideInAPackage("org.phenolip.kg.fetch")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.phenolip.kg.fetch.spark..",
          "org.phenolip.kg.build..", "org.phenolip.kg.cli..")
      .because("the fetcher is a plain-Java core; Spark only partitions its work list");

  /** rdf is the Jena layer: nothing else in the project touches Jena, except the server above it. */
  static final ArchRule JENA_ONLY_IN_RDF = noClasses()
      .that().resideOutsideOfPackages("org.phenolip.kg.rdf..", "org.phenolip.kg.fuseki..")
      .should().dependOnClassesThat().resideInAPackage("org.apache.jena..")
      .because("kg.rdf is the Jena layer");

  /** The SPARQL server is its own layer: only the CLI starts it; nothing else knows about HTTP. */
  static final ArchRule FUSEKI_ITS_OWN_LAYER = noClasses()
      .that().resideOutsideOfPackages("org.phenolip.kg.fuseki..", "org.phenolip.kg.cli..")
      .should().dependOnClassesThat().resideInAPackage("org.phenolip.kg.fuseki..")
      .because("the Fuseki server sits above the rdf layer, as jena-fuseki-main above ARQ");

  static final ArchRule FUSEKI_AND_JETTY_ONLY_IN_SERVER = noClasses()
      .that().resideOutsideOfPackage("org.phenolip.kg.fuseki..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.jena.fuseki..", "org.eclipse.jetty..")
      .because("Fuseki runs in its own class loader, reached only through kg.fuseki");

  static final ArchRule EVAL_NEVER_USES_TRAINING = noClasses()
      .that().resideInAPackage("org.phenolip.eval..")
      .should().dependOnClassesThat().resideInAPackage("org.phenolip.train..")
      .because("evaluation needs the model (phenolip-model), never the trainer");

  static final ArchRule TRAINERS_NEVER_USE_THE_CLI = noClasses()
      .that().resideInAnyPackage("org.phenolip.train.stage1..", "org.phenolip.train.stage2..", "org.phenolip.train.loop..")
      .should().dependOnClassesThat().resideInAPackage("org.phenolip.train.cli..")
      .because("trainers receive a TrainSettings record, not the CLI's options");

  static final ArchRule NOTHING_USES_DEPLOY = noClasses()
      .that().resideOutsideOfPackage("org.phenolip.deploy..")
      .should().dependOnClassesThat().resideInAPackage("org.phenolip.deploy..")
      .because("deploy is the top: the pipeline and the fat jar");

  static final ArchRule PYTORCH_ONLY_IN_THE_ADAPTER = noClasses()
      .that().resideOutsideOfPackage("org.phenolip.model.engine..")
      .should().dependOnClassesThat().resideInAPackage("ai.djl.pytorch..")
      .because("org.phenolip.model.engine is the one adapter to the PyTorch engine");

  static final ArchRule MODEL_BELOW_THE_JOBS = noClasses()
      .that().resideInAPackage("org.phenolip.model..")
      .should().dependOnClassesThat().resideInAnyPackage("org.phenolip.train..", "org.phenolip.eval..",
          "org.phenolip.kg..", "org.apache.spark..")
      .because("the model module serves training and evaluation and needs neither, nor Spark");

  static final ArchRule CORE_BELOW_EVERYTHING = noClasses()
      .that().resideInAPackage("org.phenolip.core..")
      .should().dependOnClassesThat().resideInAnyPackage("org.phenolip.kg..", "org.phenolip.model..",
          "org.phenolip.train..", "org.phenolip.eval..")
      .because("core is the bottom layer");

  /**
   * The Spark layers (what executors run: fetching, embedding, checking images, curating) reach
   * job data through Hadoop FS ({@code core.io.Storage}), never through java.nio, which only
   * sees the local disk of whichever host runs the task.
   */
  static final ArchRule SPARK_LAYERS_USE_HADOOP_PATHS = noClasses()
      .that().resideInAnyPackage("org.phenolip.core.spark..", "org.phenolip.kg.fetch.spark..", "org.phenolip.eval.spark..",
          "org.phenolip.curate.spark..")
      .should().dependOnClassesThat().resideInAPackage("java.nio.file..")
      .because("job data is a Hadoop URI (local, HDFS, S3), read through core.io.Storage");
}
