package org.phenolip.kg.ontology;

import java.io.InputStream;
import java.util.ServiceLoader;

/**
 * Reads HPO's OWL (RDF/XML) release. That needs an RDF parser, which lives in the Jena layer
 * ({@code org.phenolip.kg.rdf.OwlReader}); it is found through {@link ServiceLoader} (as DJL finds
 * its engines), so this package imports no RDF library and runs without one for JSON and OBO.
 */
public interface OwlSupport {
  /** The terms and version in {@code in}; {@code file} names it in errors. */
  ParsedOntology read(String file, InputStream in);

  /** The implementation on the class path; a clear error when there is none. */
  static OwlSupport get() {
    return ServiceLoader.load(OwlSupport.class, OwlSupport.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "reading OWL needs the kg-etl rdf layer (org.phenolip.kg.rdf.OwlReader) on the class path"));
  }
}
