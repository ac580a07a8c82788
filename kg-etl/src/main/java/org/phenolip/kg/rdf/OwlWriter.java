package org.phenolip.kg.rdf;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.phenolip.kg.ontology.HpoIds;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.Phenotype;
import org.phenolip.kg.ontology.Synonym;

/**
 * Writes an {@link Ontology} as OWL RDF/XML with HPO's own IRIs and the OBO-in-OWL
 * annotation properties the HPO release uses (gzipped when the name ends in {@code .gz}).
 */
public final class OwlWriter {
  private OwlWriter() {}

  public static void write(Ontology ontology, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      try (OutputStream raw = Files.newOutputStream(file);
           OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw, 1 << 16) : raw) {
        write(ontology, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  public static void write(Ontology ontology, OutputStream out) {
    RDFDataMgr.write(out, model(ontology), RDFFormat.RDFXML_PLAIN);
  }

  /** The ontology as a Jena model (one owl:Class per term). */
  public static Model model(Ontology ontology) {
    Model m = ModelFactory.createDefaultModel();
    m.setNsPrefix("obo", OboVocab.OBO);
    m.setNsPrefix("oboInOwl", OboVocab.OIO);
    m.setNsPrefix("owl", OWL.NS);
    m.setNsPrefix("rdfs", RDFS.uri);
    Resource onto = m.createResource(OboVocab.ONTOLOGY_IRI).addProperty(RDF.type, OWL.Ontology);
    String v = ontology.version();
    if (v != null) {
      if (v.startsWith("http://") || v.startsWith("https://")) onto.addProperty(OWL2.versionIRI, m.createResource(v));
      else onto.addProperty(OWL.versionInfo, v);
    }
    for (Phenotype p : ontology.terms()) {
      Resource c = m.createResource(HpoIds.iri(p.id())).addProperty(RDF.type, OWL.Class)
          .addProperty(OboVocab.ID, p.id());
      if (p.label() != null) c.addProperty(RDFS.label, p.label());
      if (p.definition() != null) c.addProperty(OboVocab.DEFINITION, p.definition());
      for (Synonym s : p.synonyms()) c.addProperty(OboVocab.synonym(s.scope()), s.text());
      for (String x : p.xrefs()) c.addProperty(OboVocab.XREF, x);
      for (String a : p.altIds()) c.addProperty(OboVocab.ALT_ID, a);
      for (String parent : p.parents()) c.addProperty(RDFS.subClassOf, m.createResource(HpoIds.iri(parent)));
      if (p.obsolete()) c.addLiteral(OWL2.deprecated, m.createTypedLiteral("true", XSDDatatype.XSDboolean));
      if (p.replacedBy() != null) c.addProperty(OboVocab.REPLACED_BY, m.createResource(HpoIds.iri(p.replacedBy())));
      for (String k : ontology.consider(p.id())) c.addProperty(OboVocab.CONSIDER, k);
    }
    return m;
  }
}
