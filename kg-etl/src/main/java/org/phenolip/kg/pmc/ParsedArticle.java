package org.phenolip.kg.pmc;

import java.io.Serializable;
import java.util.List;

/**
 * What one source document gave: the article (null when the document was rejected), its figures,
 * and reject rows (record-level when {@code article} is null, else warnings only).
 */
public record ParsedArticle(Article article, List<Figure> figures, List<Reject> rejects) implements Serializable {
  public ParsedArticle {
    figures = List.copyOf(figures);
    rejects = List.copyOf(rejects);
  }

  public static ParsedArticle rejected(Reject reject) {
    return new ParsedArticle(null, List.of(), List.of(reject));
  }

  public boolean isRejected() {
    return article == null;
  }
}
