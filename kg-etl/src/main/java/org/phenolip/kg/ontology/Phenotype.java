package org.phenolip.kg.ontology;

import java.util.List;
import java.util.Objects;

/**
 * One HPO class as a row of the PhenoKG {@code phenotypes} table (core PhenoKg.PHENOTYPE).
 * Lists are canonical (sorted, without duplicates) so that every source format gives the
 * same table: OWL/RDF has no order, and the OBO and JSON serialisers order differently.
 *
 * @param id          {@code HP:0000118} form
 * @param depth       shortest is_a path length to HP:0000001 (root = 0); -1 when the term
 *                    is not connected to HP:0000001 (obsolete terms)
 * @param systems     {@link org.phenolip.core.schema.AnatomicalSystem#key()} of every
 *                    top-level category the term is under, in declaration order
 * @param system      partition key: first of {@code systems}, or {@code other}
 */
public record Phenotype(
    String id,
    String label,
    String definition,
    List<Synonym> synonyms,
    List<String> xrefs,
    List<String> parents,
    List<String> altIds,
    boolean obsolete,
    String replacedBy,
    int depth,
    List<String> systems,
    String system) {

  public Phenotype {
    Objects.requireNonNull(id, "id");
    synonyms = List.copyOf(synonyms);
    xrefs = List.copyOf(xrefs);
    parents = List.copyOf(parents);
    altIds = List.copyOf(altIds);
    systems = List.copyOf(systems);
    Objects.requireNonNull(system, "system");
  }
}
