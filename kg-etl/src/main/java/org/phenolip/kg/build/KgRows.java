package org.phenolip.kg.build;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.phenolip.core.schema.Rows;
import org.phenolip.kg.ontology.IsA;
import org.phenolip.kg.ontology.Phenotype;
import org.phenolip.kg.ontology.Synonym;
import org.phenolip.kg.pmc.Article;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.Reject;

/**
 * The kg core's records as Spark rows, column for column in the core PhenoKg schemas (arrays as
 * Scala Seqs, as Spark's own rows). This is the Spark layer's side of those records, so that
 * {@code ontology}, {@code pmc} and {@code linking} need no Spark.
 */
public final class KgRows {
  private KgRows() {}

  /** PhenoKg.PHENOTYPE. */
  public static Row phenotype(Phenotype p) {
    return RowFactory.create(p.id(), p.label(), p.definition(),
        Rows.seq(p.synonyms().stream().map(KgRows::synonym).toList()),
        Rows.seq(p.xrefs()), Rows.seq(p.parents()), Rows.seq(p.altIds()), p.obsolete(), p.replacedBy(), p.depth(),
        Rows.seq(p.systems()), p.system());
  }

  /** PhenoKg.SYNONYM. */
  public static Row synonym(Synonym s) {
    return RowFactory.create(s.text(), s.scope().key());
  }

  /** PhenoKg.EDGE. */
  public static Row edge(IsA e) {
    return RowFactory.create(e.child(), e.parent(), e.relation());
  }

  /** PhenoKg.ARTICLE. */
  public static Row article(Article a) {
    return RowFactory.create(a.articleId(), a.pmcid(), a.pmid(), a.doi(), a.title(), a.journal(), a.year(), a.license(),
        Rows.seq(a.subjects()), a.source(), a.version(), a.retracted());
  }

  /** PhenoKg.FIGURE. */
  public static Row figure(Figure f) {
    return RowFactory.create(f.figureId(), f.articleId(), f.figId(), f.label(), f.captionTitle(), f.caption(),
        Rows.seq(f.graphics()), f.imageName(), f.image(), Rows.seq(f.citingParagraphs()));
  }

  /** PhenoKg.REJECT. */
  public static Row reject(Reject r) {
    return RowFactory.create(r.source(), r.stage(), r.reason(), r.detail());
  }
}
