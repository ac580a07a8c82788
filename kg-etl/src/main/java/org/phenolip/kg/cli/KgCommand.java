package org.phenolip.kg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "kg", mixinStandardHelpOptions = true,
    description = "PhenoKG: ingest HPO and PMC articles, build the Parquet graph, export and query it as RDF.",
    subcommands = {OntologyCommand.class, BuildCommand.class, ExportRdfCommand.class, SparqlCommand.class, ServeCommand.class})
public final class KgCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }
}
