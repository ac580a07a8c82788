package org.phenolip.kg.rdf;

import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.ResourceFactory;
import org.phenolip.kg.ontology.HpoIds;
import org.phenolip.kg.ontology.Synonym;

/** The OBO-in-OWL annotation properties HPO's OWL release uses. */
final class OboVocab {
  static final String OIO = "http://www.geneontology.org/formats/oboInOwl#";
  static final String OBO = HpoIds.OBO_PREFIX;
  static final String ONTOLOGY_IRI = OBO + "hp.owl";

  static final Property DEFINITION = p(OBO + "IAO_0000115");
  static final Property REPLACED_BY = p(OBO + "IAO_0100001");
  static final Property EXACT = p(OIO + "hasExactSynonym");
  static final Property RELATED = p(OIO + "hasRelatedSynonym");
  static final Property BROAD = p(OIO + "hasBroadSynonym");
  static final Property NARROW = p(OIO + "hasNarrowSynonym");
  static final Property XREF = p(OIO + "hasDbXref");
  static final Property ALT_ID = p(OIO + "hasAlternativeId");
  static final Property CONSIDER = p(OIO + "consider");
  static final Property ID = p(OIO + "id");

  private OboVocab() {}

  static Property synonym(Synonym.Scope scope) {
    return switch (scope) {
      case EXACT -> EXACT;
      case RELATED -> RELATED;
      case BROAD -> BROAD;
      case NARROW -> NARROW;
    };
  }

  private static Property p(String iri) {
    return ResourceFactory.createProperty(iri);
  }
}
