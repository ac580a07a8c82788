/**
 * The RDF/SPARQL view of PhenoKG: export, query, and a read-only SPARQL endpoint.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link org.phenolip.kg.rdf.RdfExport}: a PhenoKG (its current version, read through
 *       {@code KgTables}) to one Turtle or N-Triples file, streamed; per-dataset counts and rejects in
 *       {@link org.phenolip.kg.rdf.RdfStats}.</li>
 *   <li>{@link org.phenolip.kg.rdf.KgGraph}: the graph in memory, built from the Parquet (Spark,
 *       {@code toLocalIterator}) or loaded from an export. In memory rather than a TDB2 folder in
 *       the KG dir: a published KG version is immutable and may live on HDFS/S3. For graphs beyond
 *       the driver heap: export, then {@code tdb2.xloader}.</li>
 *   <li>{@link org.phenolip.kg.rdf.SparqlQuery}: one query with a timeout; SELECT → CSV/TSV/JSON/text,
 *       ASK → JSON/text, CONSTRUCT/DESCRIBE → Turtle/N-Triples.</li>
 *   <li>The read-only endpoint is its own layer, {@link org.phenolip.kg.fuseki} (nothing here knows
 *       about HTTP); the {@code phenolip kg} commands live in {@link org.phenolip.kg.cli}.</li>
 * </ul>
 *
 * <h2>Vocabulary</h2>
 * HPO classes keep their OBO PURLs and the annotation properties of {@code hp.owl}, so queries
 * written for HPO work unchanged. Prefixes (predeclared in {@code sparql}; the export writes them):
 * {@code obo: <http://purl.obolibrary.org/obo/>}, {@code oboInOwl:
 * <http://www.geneontology.org/formats/oboInOwl#>}, {@code dcterms: <http://purl.org/dc/terms/>},
 * {@code bibo: <http://purl.org/ontology/bibo/>}, {@code phenokg: <https://w3id.org/phenokg/>},
 * plus rdf, rdfs, owl, xsd.
 *
 * <table>
 *   <caption>PhenoKG row → triples</caption>
 *   <tr><th>dataset.column</th><th>triple</th></tr>
 *   <tr><td>phenotypes.id (HP:0000118)</td><td>{@code obo:HP_0000118 a owl:Class ; oboInOwl:id "HP:0000118"}</td></tr>
 *   <tr><td>label / definition</td><td>{@code rdfs:label} / {@code obo:IAO_0000115}</td></tr>
 *   <tr><td>synonyms (exact, related, broad, narrow)</td><td>{@code oboInOwl:hasExactSynonym}, {@code hasRelatedSynonym}, {@code hasBroadSynonym}, {@code hasNarrowSynonym}</td></tr>
 *   <tr><td>xrefs / alt_ids</td><td>{@code oboInOwl:hasDbXref} / {@code oboInOwl:hasAlternativeId} (string literals)</td></tr>
 *   <tr><td>obsolete / replaced_by</td><td>{@code owl:deprecated true} / {@code obo:IAO_0100001} (term replaced by, an IRI)</td></tr>
 *   <tr><td>system / systems / depth</td><td>{@code phenokg:system "cardiovascular"} / {@code phenokg:inSystem} (each) / {@code phenokg:depth} (xsd:integer)</td></tr>
 *   <tr><td>edges (child, parent, is_a)</td><td>{@code child rdfs:subClassOf parent}; another relation R: predicate {@code obo:R} for a CURIE, else {@code phenokg:relation/R}</td></tr>
 *   <tr><td>articles</td><td>{@code phenokg:article/<article_id>} a {@code phenokg:Article}, {@code bibo:AcademicArticle};
 *       {@code phenokg:articleId}, {@code phenokg:pmcid}, {@code bibo:pmid}, {@code bibo:doi}, {@code dcterms:title},
 *       {@code phenokg:journal}, {@code dcterms:issued} (xsd:gYear), {@code dcterms:license}, {@code dcterms:subject}, {@code phenokg:source}</td></tr>
 *   <tr><td>figures</td><td>{@code phenokg:figure/<figure_id>} a {@code phenokg:Figure}; {@code dcterms:isPartOf} its article;
 *       {@code phenokg:figureId}, {@code phenokg:figId}, {@code rdfs:label} ("Figure 1"), {@code phenokg:captionTitle},
 *       {@code phenokg:caption}, {@code phenokg:graphic}, {@code phenokg:imageName}, {@code phenokg:hasImage} (image bytes are not exported),
 *       {@code phenokg:citingParagraph}</td></tr>
 *   <tr><td>pairs</td><td>{@code phenokg:link/<pair_id>} a {@code phenokg:Link}; {@code phenokg:pairId}, {@code phenokg:figure},
 *       {@code phenokg:phenotype}, {@code phenokg:confidence} (xsd:double), {@code phenokg:tier}, {@code phenokg:matchedText},
 *       {@code phenokg:spanStart}, {@code phenokg:spanEnd} (xsd:integer, UTF-16 offsets, end exclusive)</td></tr>
 *   <tr><td>pairs (distinct figure, hpo_id)</td><td>{@code figure phenokg:depicts obo:HP_x} (one per distinct pair among the valid links)</td></tr>
 *   <tr><td>negated_pairs (distinct figure, hpo_id)</td><td>{@code figure phenokg:rulesOut obo:HP_x} (the caption negates the term: a normal finding)</td></tr>
 * </table>
 *
 * Identifiers in {@code phenokg:} IRIs keep letters, digits, {@code - . _ ~ / :} and percent-encode
 * the rest (UTF-8), so distinct ids give distinct IRIs. The export also carries the vocabulary's
 * own declarations (labels, comments) under {@code <https://w3id.org/phenokg/>}.
 *
 * <h2>Bad rows</h2>
 * A row is written whole or rejected whole (reason and key in {@link org.phenolip.kg.rdf.RdfStats}):
 * ids that are not {@code PREFIX:LOCAL}, null required columns, unknown synonym scope, span with
 * end before start, confidence outside [0, 1], a year that is not 4 digits. For every dataset,
 * rows = written + rejected.
 */
package org.phenolip.kg.rdf;
