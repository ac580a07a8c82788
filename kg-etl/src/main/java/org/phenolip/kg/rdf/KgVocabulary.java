package org.phenolip.kg.rdf;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.sys.JenaSystem;

/**
 * The IRIs of the RDF view of PhenoKG. Ontology terms keep HPO's own OBO PURLs and
 * annotation properties (as in hp.owl), so queries written against HPO work unchanged; the
 * literature side (articles, figures, figure–phenotype links) uses the project namespace
 * {@value #PHENOKG}, documented in {@code package-info.java} and self-described by
 * {@link #declarations}.
 */
public final class KgVocabulary {
  private KgVocabulary() {}

  // Jena's vocabulary classes are null until Jena is initialised; plain IRIs avoid the order trap.
  static {
    JenaSystem.init();
  }

  public static final String RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
  public static final String RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#";
  public static final String OWL_NS = "http://www.w3.org/2002/07/owl#";

  public static final String OBO = "http://purl.obolibrary.org/obo/";
  public static final String OBO_IN_OWL = "http://www.geneontology.org/formats/oboInOwl#";
  public static final String PHENOKG = "https://w3id.org/phenokg/";
  public static final String DCTERMS = "http://purl.org/dc/terms/";
  public static final String BIBO = "http://purl.org/ontology/bibo/";
  public static final String XSD = "http://www.w3.org/2001/XMLSchema#";

  /** Prefixes written at the top of Turtle output and usable in queries. */
  public static final Map<String, String> PREFIXES = prefixes();

  // --- HPO (as in hp.owl) ---
  public static final Node RDF_TYPE = iri(RDF_NS + "type");
  public static final Node OWL_CLASS = iri(OWL_NS + "Class");
  public static final Node OWL_DEPRECATED = iri(OWL_NS + "deprecated");
  public static final Node LABEL = iri(RDFS_NS + "label");
  public static final Node SUBCLASS_OF = iri(RDFS_NS + "subClassOf");
  public static final Node COMMENT = iri(RDFS_NS + "comment");
  /** IAO "definition". */
  public static final Node DEFINITION = iri(OBO + "IAO_0000115");
  /** IAO "term replaced by". */
  public static final Node REPLACED_BY = iri(OBO + "IAO_0100001");
  public static final Node OIO_ID = iri(OBO_IN_OWL + "id");
  public static final Node EXACT_SYNONYM = iri(OBO_IN_OWL + "hasExactSynonym");
  public static final Node RELATED_SYNONYM = iri(OBO_IN_OWL + "hasRelatedSynonym");
  public static final Node BROAD_SYNONYM = iri(OBO_IN_OWL + "hasBroadSynonym");
  public static final Node NARROW_SYNONYM = iri(OBO_IN_OWL + "hasNarrowSynonym");
  public static final Node DB_XREF = iri(OBO_IN_OWL + "hasDbXref");
  public static final Node ALTERNATIVE_ID = iri(OBO_IN_OWL + "hasAlternativeId");

  // --- Bibliographic terms ---
  public static final Node DC_TITLE = iri(DCTERMS + "title");
  public static final Node DC_IS_PART_OF = iri(DCTERMS + "isPartOf");
  public static final Node DC_ISSUED = iri(DCTERMS + "issued");
  public static final Node DC_LICENSE = iri(DCTERMS + "license");
  public static final Node DC_SUBJECT = iri(DCTERMS + "subject");
  public static final Node BIBO_DOI = iri(BIBO + "doi");
  public static final Node BIBO_PMID = iri(BIBO + "pmid");
  public static final Node BIBO_ACADEMIC_ARTICLE = iri(BIBO + "AcademicArticle");

  // --- Project vocabulary: classes ---
  public static final Node ARTICLE = pk("Article");
  public static final Node FIGURE = pk("Figure");
  public static final Node LINK = pk("Link");

  // --- Project vocabulary: properties ---
  /** Partition key of the term: {@code AnatomicalSystem.key()}, e.g. "cardiovascular". */
  public static final Node SYSTEM = pk("system");
  /** Every top-level category the term falls under (a term can have several). */
  public static final Node IN_SYSTEM = pk("inSystem");
  public static final Node DEPTH = pk("depth");
  public static final Node ARTICLE_ID = pk("articleId");
  public static final Node PMCID = pk("pmcid");
  public static final Node JOURNAL = pk("journal");
  public static final Node SOURCE = pk("source");
  public static final Node FIGURE_ID = pk("figureId");
  public static final Node FIG_ID = pk("figId");
  public static final Node CAPTION_TITLE = pk("captionTitle");
  public static final Node CAPTION = pk("caption");
  public static final Node GRAPHIC = pk("graphic");
  public static final Node IMAGE_NAME = pk("imageName");
  public static final Node HAS_IMAGE = pk("hasImage");
  public static final Node CITING_PARAGRAPH = pk("citingParagraph");
  public static final Node PAIR_ID = pk("pairId");
  public static final Node LINK_FIGURE = pk("figure");
  public static final Node LINK_PHENOTYPE = pk("phenotype");
  public static final Node CONFIDENCE = pk("confidence");
  public static final Node TIER = pk("tier");
  public static final Node MATCHED_TEXT = pk("matchedText");
  public static final Node SPAN_START = pk("spanStart");
  public static final Node SPAN_END = pk("spanEnd");
  /** Figure → HPO class, one triple per distinct (figure, phenotype) link, for simple queries. */
  public static final Node DEPICTS = pk("depicts");
  public static final Node RULES_OUT = pk("rulesOut");

  /** A CURIE such as {@code HP:0000118}; the local part may hold letters, digits, '_', '.', '-'. */
  private static final Pattern CURIE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*:[A-Za-z0-9_.-]+");

  public static boolean isCurie(String id) {
    return id != null && CURIE.matcher(id).matches();
  }

  /** The OBO PURL of a CURIE: {@code HP:0000118} → {@code http://purl.obolibrary.org/obo/HP_0000118}. */
  public static Node term(String curie) {
    if (!isCurie(curie)) {
      throw new IllegalArgumentException("not an ontology id (PREFIX:LOCAL): '" + curie + "'");
    }
    return iri(OBO + curie.replaceFirst(":", "_"));
  }

  public static Node articleIri(String articleId) {
    return iri(PHENOKG + "article/" + encode(articleId));
  }

  public static Node figureIri(String figureId) {
    return iri(PHENOKG + "figure/" + encode(figureId));
  }

  public static Node linkIri(String pairId) {
    return iri(PHENOKG + "link/" + encode(pairId));
  }

  /** Predicate of a non-is_a edge: an OBO PURL for a CURIE relation, else {@code phenokg:relation/NAME}. */
  public static Node relation(String relation) {
    if (isCurie(relation)) return term(relation);
    return iri(PHENOKG + "relation/" + encode(relation));
  }

  /**
   * Percent-encodes an identifier for an IRI path. Unreserved characters, '/' and ':' stay
   * as they are (so {@code PMC3166277/F1} stays readable); everything else, '%' included,
   * becomes %XX of its UTF-8 bytes, which keeps the mapping one-to-one.
   */
  static String encode(String id) {
    StringBuilder sb = new StringBuilder(id.length() + 8);
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == ':') {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  public static Node iri(String s) {
    return NodeFactory.createURI(s);
  }

  public static Node string(String s) {
    return NodeFactory.createLiteralString(s);
  }

  public static Node integer(long v) {
    return NodeFactory.createLiteralDT(Long.toString(v), XSDDatatype.XSDinteger);
  }

  public static Node decimal(double v) {
    return NodeFactory.createLiteralDT(Double.toString(v), XSDDatatype.XSDdouble);
  }

  public static Node bool(boolean v) {
    return NodeFactory.createLiteralDT(Boolean.toString(v), XSDDatatype.XSDboolean);
  }

  public static Node year(int y) {
    return NodeFactory.createLiteralDT(String.format("%04d", y), XSDDatatype.XSDgYear);
  }

  private static Node pk(String local) {
    return iri(PHENOKG + local);
  }

  /**
   * The project vocabulary described in RDF (classes and properties with labels and
   * comments), written at the head of every export so the graph documents itself.
   */
  public static void declarations(Consumer<Triple> out) {
    Node owlObjectProperty = iri(OWL_NS + "ObjectProperty");
    Node owlDatatypeProperty = iri(OWL_NS + "DatatypeProperty");
    Node ontology = iri(PHENOKG);
    out.accept(Triple.create(ontology, RDF_TYPE, iri(OWL_NS + "Ontology")));
    out.accept(Triple.create(ontology, LABEL, string("PhenoKG vocabulary")));
    out.accept(Triple.create(ontology, COMMENT, string(
        "Terms of the RDF view of PhenoKG: PubMed Central articles, their figures and the figure-phenotype "
            + "links to Human Phenotype Ontology classes (which keep their OBO PURLs).")));
    Object[][] decl = {
        {ARTICLE, OWL_CLASS, "Article", "A PubMed Central article that contributed figures."},
        {FIGURE, OWL_CLASS, "Figure", "A figure of an article (dcterms:isPartOf its article); its caption is phenokg:caption."},
        {LINK, OWL_CLASS, "Link", "One figure-phenotype link found in a caption: figure, phenotype, matched text, span, tier, confidence."},
        {SYSTEM, owlDatatypeProperty, "system", "Anatomical-system key of an HPO class (the PhenoKG partition), e.g. \"cardiovascular\"; \"other\" outside Phenotypic abnormality."},
        {IN_SYSTEM, owlDatatypeProperty, "in system", "Every anatomical-system key the class falls under."},
        {DEPTH, owlDatatypeProperty, "depth", "Shortest is_a distance from the HPO root."},
        {ARTICLE_ID, owlDatatypeProperty, "article id", "PhenoKG article_id: PMCxxxx, else doi:..., else the file name."},
        {PMCID, owlDatatypeProperty, "PMCID", "PubMed Central id."},
        {JOURNAL, owlDatatypeProperty, "journal", "Journal title."},
        {SOURCE, owlDatatypeProperty, "source", "File or archive the record was read from."},
        {FIGURE_ID, owlDatatypeProperty, "figure id", "PhenoKG figure_id: article_id/fig id."},
        {FIG_ID, owlDatatypeProperty, "fig id", "The figure's id attribute in the JATS XML."},
        {CAPTION_TITLE, owlDatatypeProperty, "caption title", "Title of the figure caption."},
        {CAPTION, owlDatatypeProperty, "caption", "Caption text."},
        {GRAPHIC, owlDatatypeProperty, "graphic", "xlink:href of a graphic of the figure."},
        {IMAGE_NAME, owlDatatypeProperty, "image name", "File name of the figure image."},
        {HAS_IMAGE, owlDatatypeProperty, "has image", "Whether PhenoKG holds the image bytes (they are not exported to RDF)."},
        {CITING_PARAGRAPH, owlDatatypeProperty, "citing paragraph", "A paragraph of the article that cites the figure."},
        {PAIR_ID, owlDatatypeProperty, "pair id", "PhenoKG pair_id of the link."},
        {LINK_FIGURE, owlObjectProperty, "figure", "The figure of a link."},
        {LINK_PHENOTYPE, owlObjectProperty, "phenotype", "The HPO class of a link."},
        {CONFIDENCE, owlDatatypeProperty, "confidence", "Link confidence in [0, 1] (xsd:double)."},
        {TIER, owlDatatypeProperty, "tier", "How the caption matched: label | exact | related | abbreviation."},
        {MATCHED_TEXT, owlDatatypeProperty, "matched text", "The caption text that matched the phenotype."},
        {SPAN_START, owlDatatypeProperty, "span start", "Start offset of the match in the caption (UTF-16 units, inclusive)."},
        {SPAN_END, owlDatatypeProperty, "span end", "End offset of the match in the caption (exclusive)."},
        {DEPICTS, owlObjectProperty, "depicts", "Figure to HPO class: a shortcut for every phenokg:Link between the two."},
        {RULES_OUT, owlObjectProperty, "rules out", "Figure to HPO class its caption negates (\"no evidence of pneumonia\"): a normal finding for that class, never a depicts."},
    };
    for (Object[] d : decl) {
      Node n = (Node) d[0];
      out.accept(Triple.create(n, RDF_TYPE, (Node) d[1]));
      out.accept(Triple.create(n, LABEL, string((String) d[2])));
      out.accept(Triple.create(n, COMMENT, string((String) d[3])));
      out.accept(Triple.create(n, iri(RDFS_NS + "isDefinedBy"), ontology));
    }
  }

  private static Map<String, String> prefixes() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("rdf", RDF_NS);
    m.put("rdfs", RDFS_NS);
    m.put("owl", OWL_NS);
    m.put("xsd", XSD);
    m.put("obo", OBO);
    m.put("oboInOwl", OBO_IN_OWL);
    m.put("dcterms", DCTERMS);
    m.put("bibo", BIBO);
    m.put("phenokg", PHENOKG);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** {@code PREFIX} lines for every entry of {@link #PREFIXES}, to put in front of a query. */
  public static String sparqlPrologue() {
    StringBuilder sb = new StringBuilder();
    PREFIXES.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> sb.append("PREFIX ").append(e.getKey()).append(": <").append(e.getValue()).append(">\n"));
    return sb.toString();
  }
}
