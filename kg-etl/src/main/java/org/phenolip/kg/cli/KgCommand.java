package org.phenolip.kg.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

@Command(name = "kg", mixinStandardHelpOptions = true,
    description = "PhenoKG: ingest HPO and PMC articles, build the graph, query it with SQL or SPARQL, export it as files or RDF.",
    subcommands = {OntologyCommand.class, FetchCommand.class, BuildCommand.class, SqlCommand.class, ExportCommand.class, ExportRdfCommand.class,
        SparqlCommand.class, ServeCommand.class})
public final class KgCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }
}
