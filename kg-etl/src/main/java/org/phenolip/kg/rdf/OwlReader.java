package org.phenolip.kg.rdf;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.riot.system.ErrorHandlerFactory;
import org.apache.jena.vocabulary.OWL2;
import org.apache.jena.vocabulary.OWL;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.phenolip.kg.ontology.HpoIds;
import org.phenolip.kg.ontology.OntologyException;
import org.phenolip.kg.ontology.OwlSupport;
import org.phenolip.kg.ontology.ParsedOntology;
import org.phenolip.kg.ontology.Synonym;
import org.phenolip.kg.ontology.TermDraft;

/**
 * OWL in RDF/XML ({@code hp.owl}), parsed by Jena: named {@code owl:Class}es with HP IRIs,
 * rdfs:subClassOf to named HP classes (restrictions and other ontologies' classes skipped),
 * rdfs:label, IAO:0000115 definition, oboInOwl synonyms by scope, hasDbXref,
 * hasAlternativeId, owl:deprecated, IAO:0100001 replaced-by and oboInOwl:consider. RDF
 * carries no line numbers past parsing, so errors name the file and the term.
 */
public final class OwlReader implements OwlSupport {
  public OwlReader() {} // ServiceLoader

  @Override
  public ParsedOntology read(String file, InputStream in) {
    Model m = ModelFactory.createDefaultModel();
    try {
      RDFParser.create().source(in).lang(Lang.RDFXML).base(OboVocab.ONTOLOGY_IRI)
          .errorHandler(ErrorHandlerFactory.errorHandlerStrictNoLogging).parse(m.getGraph());
    } catch (RiotException e) {
      if (e.getCause() instanceof java.io.IOException io) throw new java.io.UncheckedIOException(io);
      throw new OntologyException(file, null, null, "malformed or truncated RDF/XML: " + e.getMessage(), e);
    }
    List<TermDraft> terms = new ArrayList<>();
    List<Resource> classes = m.listSubjectsWithProperty(RDF.type, OWL.Class).toList();
    for (Resource c : classes) {
      if (!c.isURIResource()) continue;
      String id = HpoIds.curieOfIri(c.getURI());
      if (!HpoIds.isHpo(id)) continue;
      TermDraft d = new TermDraft(id, c.getURI());
      d.label = single(file, id, c, RDFS.label);
      d.definition = single(file, id, c, OboVocab.DEFINITION);
      for (Synonym.Scope s : Synonym.Scope.values()) {
        for (String text : strings(c, OboVocab.synonym(s))) d.synonyms.add(new Synonym(text, s));
      }
      d.xrefs.addAll(strings(c, OboVocab.XREF));
      d.altIds.addAll(strings(c, OboVocab.ALT_ID));
      d.replacedBy.addAll(strings(c, OboVocab.REPLACED_BY));
      d.consider.addAll(strings(c, OboVocab.CONSIDER));
      for (Statement st : c.listProperties(OWL2.deprecated).toList()) {
        if (st.getObject().isLiteral() && st.getLiteral().getLexicalForm().equals("true")) d.obsolete = true;
      }
      for (Statement st : c.listProperties(RDFS.subClassOf).toList()) {
        RDFNode o = st.getObject();
        if (o.isURIResource()) {
          String p = HpoIds.curieOfIri(o.asResource().getURI());
          if (HpoIds.isHpo(p)) d.addParent(p, c.getURI());
        }
      }
      terms.add(d);
    }
    terms.sort((a, b) -> a.id.compareTo(b.id));
    return new ParsedOntology(version(m), terms);
  }

  private static String version(Model m) {
    for (Resource o : m.listSubjectsWithProperty(RDF.type, OWL.Ontology).toList()) {
      Statement v = o.getProperty(OWL2.versionIRI);
      if (v != null) return v.getObject().toString();
      v = o.getProperty(OWL.versionInfo);
      if (v != null && v.getObject().isLiteral()) return v.getLiteral().getLexicalForm();
    }
    return null;
  }

  /** Literal values and IRIs as CURIEs, sorted (RDF has no order). */
  private static List<String> strings(Resource c, Property p) {
    TreeSet<String> out = new TreeSet<>();
    for (Statement st : c.listProperties(p).toList()) {
      RDFNode o = st.getObject();
      if (o.isLiteral()) out.add(o.asLiteral().getLexicalForm());
      else if (o.isURIResource()) out.add(HpoIds.curieOfIri(o.asResource().getURI()));
    }
    return new ArrayList<>(out);
  }

  /** The one untagged or English value; translations in other languages are skipped. */
  private static String single(String file, String id, Resource c, Property p) {
    TreeSet<String> values = new TreeSet<>();
    for (Statement st : c.listProperties(p).toList()) {
      if (!st.getObject().isLiteral()) continue;
      Literal l = st.getLiteral();
      String lang = l.getLanguage();
      if (lang.isEmpty() || lang.toLowerCase().startsWith("en")) values.add(l.getLexicalForm());
    }
    if (values.size() > 1) {
      throw new OntologyException(file, null, id, values.size() + " different values of " + p.getLocalName()
          + " (expected one): " + values);
    }
    return values.isEmpty() ? null : values.first();
  }
}
