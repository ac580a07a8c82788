package org.phenolip.kg.rdf;

import static org.phenolip.kg.rdf.KgVocabulary.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.spark.sql.Row;

/**
 * Maps one PhenoKG row to its triples. A row is either written whole or rejected whole with
 * a reason (never half-written): each method builds the row's triples first and hands them
 * to {@code out} only when the row is valid. The column names are those of core
 * {@code PhenoKg}; {@link KgParquet} selects them (images excluded).
 */
public final class KgTriples {
  private KgTriples() {}

  /** A row that cannot be mapped; the message names the field and value. */
  public static final class RowRejected extends Exception {
    public RowRejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /** One HPO class: type, id, label, definition, synonyms by scope, xrefs, alt ids, deprecation, system. */
  public static int phenotype(Row r, Consumer<Triple> out) throws RowRejected {
    String id = required(r, "id");
    Node s = curie(id, "id");
    List<Triple> t = new ArrayList<>();
    t.add(Triple.create(s, RDF_TYPE, OWL_CLASS));
    t.add(Triple.create(s, OIO_ID, string(id)));
    optionalString(r, "label").ifPresent(v -> t.add(Triple.create(s, LABEL, string(v))));
    optionalString(r, "definition").ifPresent(v -> t.add(Triple.create(s, DEFINITION, string(v))));
    for (Row syn : arrayOf(r, "synonyms", Row.class)) {
      String text = syn.isNullAt(syn.fieldIndex("text")) ? null : syn.getString(syn.fieldIndex("text"));
      String scope = syn.isNullAt(syn.fieldIndex("scope")) ? null : syn.getString(syn.fieldIndex("scope"));
      if (text == null) throw new RowRejected("synonym with null text");
      t.add(Triple.create(s, synonymProperty(scope), string(text)));
    }
    for (String x : arrayOf(r, "xrefs", String.class)) t.add(Triple.create(s, DB_XREF, string(x)));
    for (String a : arrayOf(r, "alt_ids", String.class)) t.add(Triple.create(s, ALTERNATIVE_ID, string(a)));
    if (requiredBoolean(r, "obsolete")) t.add(Triple.create(s, OWL_DEPRECATED, bool(true)));
    var replacedBy = optionalString(r, "replaced_by");
    if (replacedBy.isPresent()) t.add(Triple.create(s, REPLACED_BY, curie(replacedBy.get(), "replaced_by")));
    t.add(Triple.create(s, DEPTH, integer(requiredInt(r, "depth"))));
    t.add(Triple.create(s, SYSTEM, string(required(r, "system"))));
    for (String sys : arrayOf(r, "systems", String.class)) t.add(Triple.create(s, IN_SYSTEM, string(sys)));
    t.forEach(out);
    return t.size();
  }

  /** One ontology edge: is_a becomes rdfs:subClassOf; other relations get their own predicate. */
  public static int edge(Row r, Consumer<Triple> out) throws RowRejected {
    Node child = curie(required(r, "child"), "child");
    Node parent = curie(required(r, "parent"), "parent");
    String rel = required(r, "relation");
    Node p = switch (rel) {
      case "is_a", "subClassOf", "rdfs:subClassOf" -> SUBCLASS_OF;
      default -> relation(rel);
    };
    out.accept(Triple.create(child, p, parent));
    return 1;
  }

  public static int article(Row r, Consumer<Triple> out) throws RowRejected {
    String id = required(r, "article_id");
    Node s = articleIri(id);
    List<Triple> t = new ArrayList<>();
    t.add(Triple.create(s, RDF_TYPE, ARTICLE));
    t.add(Triple.create(s, RDF_TYPE, BIBO_ACADEMIC_ARTICLE));
    t.add(Triple.create(s, ARTICLE_ID, string(id)));
    optionalString(r, "pmcid").ifPresent(v -> t.add(Triple.create(s, PMCID, string(v))));
    optionalString(r, "pmid").ifPresent(v -> t.add(Triple.create(s, BIBO_PMID, string(v))));
    optionalString(r, "doi").ifPresent(v -> t.add(Triple.create(s, BIBO_DOI, string(v))));
    optionalString(r, "title").ifPresent(v -> t.add(Triple.create(s, DC_TITLE, string(v))));
    optionalString(r, "journal").ifPresent(v -> t.add(Triple.create(s, JOURNAL, string(v))));
    int yi = r.fieldIndex("year");
    if (!r.isNullAt(yi)) {
      int y = r.getInt(yi);
      if (y < 1000 || y > 9999) throw new RowRejected("year " + y + " is not a 4-digit year");
      t.add(Triple.create(s, DC_ISSUED, year(y)));
    }
    optionalString(r, "license").ifPresent(v -> t.add(Triple.create(s, DC_LICENSE, string(v))));
    for (String subj : arrayOf(r, "subjects", String.class)) t.add(Triple.create(s, DC_SUBJECT, string(subj)));
    t.add(Triple.create(s, SOURCE, string(required(r, "source"))));
    t.forEach(out);
    return t.size();
  }

  /** One figure; expects a boolean {@code has_image} column in place of the image bytes. */
  public static int figure(Row r, Consumer<Triple> out) throws RowRejected {
    String id = required(r, "figure_id");
    Node s = figureIri(id);
    List<Triple> t = new ArrayList<>();
    t.add(Triple.create(s, RDF_TYPE, FIGURE));
    t.add(Triple.create(s, FIGURE_ID, string(id)));
    t.add(Triple.create(s, DC_IS_PART_OF, articleIri(required(r, "article_id"))));
    optionalString(r, "fig_id").ifPresent(v -> t.add(Triple.create(s, FIG_ID, string(v))));
    optionalString(r, "label").ifPresent(v -> t.add(Triple.create(s, LABEL, string(v))));
    optionalString(r, "caption_title").ifPresent(v -> t.add(Triple.create(s, CAPTION_TITLE, string(v))));
    optionalString(r, "caption").ifPresent(v -> t.add(Triple.create(s, CAPTION, string(v))));
    for (String g : arrayOf(r, "graphics", String.class)) t.add(Triple.create(s, GRAPHIC, string(g)));
    optionalString(r, "image_name").ifPresent(v -> t.add(Triple.create(s, IMAGE_NAME, string(v))));
    t.add(Triple.create(s, HAS_IMAGE, bool(requiredBoolean(r, "has_image"))));
    for (String p : arrayOf(r, "citing_paragraphs", String.class)) t.add(Triple.create(s, CITING_PARAGRAPH, string(p)));
    t.forEach(out);
    return t.size();
  }

  /** One figure–phenotype link as a phenokg:Link node (the depicts shortcut is {@link #depicts}). */
  public static int link(Row r, Consumer<Triple> out) throws RowRejected {
    String id = required(r, "pair_id");
    Node s = linkIri(id);
    Node fig = figureIri(required(r, "figure_id"));
    Node term = curie(required(r, "hpo_id"), "hpo_id");
    int start = requiredInt(r, "span_start");
    int end = requiredInt(r, "span_end");
    if (start < 0 || end < start) throw new RowRejected("span [" + start + ", " + end + ") is not a valid range");
    double conf = requiredDouble(r, "confidence");
    if (!(conf >= 0.0 && conf <= 1.0)) throw new RowRejected("confidence " + conf + " is outside [0, 1]");
    List<Triple> t = new ArrayList<>(10);
    t.add(Triple.create(s, RDF_TYPE, LINK));
    t.add(Triple.create(s, PAIR_ID, string(id)));
    t.add(Triple.create(s, LINK_FIGURE, fig));
    t.add(Triple.create(s, LINK_PHENOTYPE, term));
    t.add(Triple.create(s, CONFIDENCE, decimal(conf)));
    t.add(Triple.create(s, TIER, string(required(r, "tier"))));
    t.add(Triple.create(s, MATCHED_TEXT, string(required(r, "matched_text"))));
    t.add(Triple.create(s, SPAN_START, integer(start)));
    t.add(Triple.create(s, SPAN_END, integer(end)));
    t.forEach(out);
    return t.size();
  }

  /** figure phenokg:depicts term, from a distinct (figure_id, hpo_id) row. */
  public static int depicts(Row r, Consumer<Triple> out) throws RowRejected {
    out.accept(Triple.create(figureIri(required(r, "figure_id")), DEPICTS, curie(required(r, "hpo_id"), "hpo_id")));
    return 1;
  }

  /** figure phenokg:rulesOut term, from a distinct (figure_id, hpo_id) row of negated_pairs. */
  public static int rulesOut(Row r, Consumer<Triple> out) throws RowRejected {
    out.accept(Triple.create(figureIri(required(r, "figure_id")), RULES_OUT, curie(required(r, "hpo_id"), "hpo_id")));
    return 1;
  }

  static Node synonymProperty(String scope) throws RowRejected {
    if (scope == null) throw new RowRejected("synonym with null scope");
    return switch (scope.toLowerCase(Locale.ROOT)) {
      case "exact" -> EXACT_SYNONYM;
      case "related" -> RELATED_SYNONYM;
      case "broad" -> BROAD_SYNONYM;
      case "narrow" -> NARROW_SYNONYM;
      default -> throw new RowRejected("unknown synonym scope '" + scope + "' (expected exact|related|broad|narrow)");
    };
  }

  private static Node curie(String id, String field) throws RowRejected {
    if (!isCurie(id)) throw new RowRejected(field + " '" + id + "' is not an ontology id (PREFIX:LOCAL)");
    return term(id);
  }

  private static String required(Row r, String field) throws RowRejected {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) throw new RowRejected(field + " is null");
    String v = r.getString(i);
    if (v.isBlank()) throw new RowRejected(field + " is blank");
    return v;
  }

  private static java.util.Optional<String> optionalString(Row r, String field) {
    int i = r.fieldIndex(field);
    return r.isNullAt(i) ? java.util.Optional.empty() : java.util.Optional.of(r.getString(i));
  }

  private static int requiredInt(Row r, String field) throws RowRejected {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) throw new RowRejected(field + " is null");
    return r.getInt(i);
  }

  private static double requiredDouble(Row r, String field) throws RowRejected {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) throw new RowRejected(field + " is null");
    return r.getDouble(i);
  }

  private static boolean requiredBoolean(Row r, String field) throws RowRejected {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) throw new RowRejected(field + " is null");
    return r.getBoolean(i);
  }

  /** A non-null array column (null elements are a reject: the schema says they cannot be). */
  private static <T> List<T> arrayOf(Row r, String field, Class<T> type) throws RowRejected {
    int i = r.fieldIndex(field);
    if (r.isNullAt(i)) throw new RowRejected(field + " is null");
    Object v = r.get(i);
    // Spark rows hold Scala sequences; rows built by hand in Java may hold java.util.List.
    @SuppressWarnings("unchecked")
    java.util.Collection<Object> raw = v instanceof scala.collection.Seq<?> seq
        ? org.phenolip.core.compat.ScalaSeqs.asJava((scala.collection.Seq<Object>) seq)
        : (java.util.Collection<Object>) v;
    List<T> outList = new ArrayList<>(raw.size());
    for (Object o : raw) {
      if (o == null) throw new RowRejected(field + " holds a null element");
      outList.add(type.cast(o));
    }
    return outList;
  }
}
