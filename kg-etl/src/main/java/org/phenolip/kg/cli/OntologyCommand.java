package org.phenolip.kg.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.kg.ontology.OboWriter;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyException;
import org.phenolip.kg.ontology.OntologyLoader;
import org.phenolip.kg.ontology.Phenotype;
import org.phenolip.kg.rdf.OwlWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code phenolip kg ontology}: read HPO in any supported format and query it. */
@Command(name = "ontology", mixinStandardHelpOptions = true,
    description = {"Read the Human Phenotype Ontology (obographs JSON, OBO 1.2/1.4, OWL RDF/XML; gzipped or not)",
        "and query it: one term, its parents, children, ancestors or descendants, or release counts.",
        "X is an id (HP:0002266, HP_0002266, an alt id) or an exact label (case-insensitive).",
        "Exit status 2 with a message for an unknown term or a bad file."})
public final class OntologyCommand implements Callable<Integer> {

  enum OutputFormat { text, json }

  @Option(names = "--hpo", required = true, paramLabel = "FILE", description = "HPO file: .json, .obo, .owl (optionally .gz); a local path or a Hadoop URI.")
  String hpo;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Query query;

  static final class Query {
    @Option(names = "--term", paramLabel = "X", description = "Show one term.") String term;
    @Option(names = "--parents", paramLabel = "X", description = "Direct is_a parents.") String parents;
    @Option(names = "--children", paramLabel = "X", description = "Direct is_a children.") String children;
    @Option(names = "--ancestors", paramLabel = "X", description = "All ancestors, root first.") String ancestors;
    @Option(names = "--descendants", paramLabel = "X", description = "All descendants, nearest first.") String descendants;
    @Option(names = "--stats", description = "Counts: classes, live, obsolete, is_a edges, per system.") boolean stats;
    @Option(names = "--convert", paramLabel = "OUT", description = "Write the ontology as OBO 1.4 (.obo) or OWL RDF/XML (.owl), optionally .gz; a local path or a Hadoop URI.")
    String convert;
  }

  @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Storage storage = Storage.forTask();
      Ontology o = OntologyLoader.load(local(storage, hpo));
      Object result;
      if (query.stats) result = stats(o);
      else if (query.convert != null) result = convert(o, storage, query.convert);
      else if (query.term != null) result = termView(o, o.require(query.term));
      else if (query.parents != null) result = list(o.parents(query.parents));
      else if (query.children != null) result = list(o.children(query.children));
      else if (query.ancestors != null) result = list(o.ancestors(query.ancestors));
      else result = list(o.descendants(query.descendants));
      out.print(format == OutputFormat.json ? Json.write(result) + "\n" : text(result));
      out.flush();
      return 0;
    } catch (OntologyException | UncheckedIOException e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  private static Map<String, Object> stats(Ontology o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", o.source());
    m.put("version", o.version());
    m.put("classes", o.terms().size());
    m.put("live", o.liveTerms().size());
    m.put("obsolete", o.obsoleteCount());
    m.put("is_a_edges", o.edges().size());
    Map<String, Object> systems = new LinkedHashMap<>();
    for (Map.Entry<AnatomicalSystem, Integer> e : o.systemCounts().entrySet()) {
      systems.put(e.getKey().key(), e.getValue());
    }
    m.put("live_terms_per_system", systems);
    m.put("live_terms_per_partition", o.partitionCounts());
    return m;
  }

  /** A remote release is copied to this host once (the readers parse local files); a local one is read in place. */
  private static Path local(Storage storage, String hpo) {
    if (Storage.isLocal(hpo)) return Storage.localPath(hpo);
    try {
      return storage.localTree(hpo);
    } catch (IOException e) {
      throw new OntologyException(hpo, null, null, "cannot read " + hpo + ": " + e.getMessage());
    }
  }

  private static Map<String, Object> convert(Ontology o, Storage storage, String target) {
    String n = new org.apache.hadoop.fs.Path(target).getName().toLowerCase(Locale.ROOT);
    boolean gz = n.endsWith(".gz");
    n = n.replaceFirst("\\.gz$", "");
    boolean obo = n.endsWith(".obo");
    if (!obo && !n.endsWith(".owl") && !n.endsWith(".rdf")) {
      throw new OntologyException(target, null, null, "--convert writes .obo or .owl (optionally .gz)");
    }
    try (Storage.Replacement file = storage.replace(Storage.uri(target))) {
      BufferedOutputStream buffered = new BufferedOutputStream(file, 1 << 16);
      GZIPOutputStream gzip = gz ? new GZIPOutputStream(buffered, 1 << 16) : null;
      OutputStream os = gzip != null ? gzip : buffered;
      if (obo) {
        Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        OboWriter.write(o, w);
        w.flush();
      } else {
        OwlWriter.write(o, os);
      }
      if (gzip != null) gzip.finish();
      buffered.flush();
      file.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("written", target);
    m.put("classes", o.terms().size());
    return m;
  }

  private static Map<String, Object> termView(Ontology o, Phenotype p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", p.id());
    m.put("label", p.label());
    m.put("definition", p.definition());
    m.put("synonyms", p.synonyms().stream().map(s -> s.text() + " [" + s.scope().key() + "]").toList());
    m.put("xrefs", p.xrefs());
    m.put("parents", list(o.parents(p.id())));
    m.put("alt_ids", p.altIds());
    m.put("obsolete", p.obsolete());
    m.put("replaced_by", p.replacedBy());
    m.put("consider", o.consider(p.id()));
    m.put("depth", p.depth());
    m.put("systems", p.systems());
    m.put("system", p.system());
    return m;
  }

  private static List<Map<String, Object>> list(List<Phenotype> ps) {
    return ps.stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("label", p.label());
      m.put("depth", p.depth());
      return m;
    }).toList();
  }

  /** Lists as "id TAB label" lines; maps as "key: value" lines. */
  @SuppressWarnings("unchecked")
  private static String text(Object result) {
    StringBuilder b = new StringBuilder();
    if (result instanceof List<?> l) {
      for (Object row : l) {
        Map<String, Object> m = (Map<String, Object>) row;
        b.append(m.get("id")).append('\t').append(m.get("label")).append('\n');
      }
    } else {
      for (Map.Entry<String, Object> e : ((Map<String, Object>) result).entrySet()) {
        Object v = e.getValue();
        if (v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
          b.append(e.getKey()).append(":\n");
          for (Object row : l) {
            Map<String, Object> m = (Map<String, Object>) row;
            b.append("  ").append(m.get("id")).append('\t').append(m.get("label")).append('\n');
          }
        } else if (v instanceof Map<?, ?> sub) {
          b.append(e.getKey()).append(":\n");
          sub.forEach((k, x) -> b.append("  ").append(k).append(": ").append(x).append('\n'));
        } else {
          b.append(e.getKey()).append(": ").append(v).append('\n');
        }
      }
    }
    return b.toString();
  }
}
