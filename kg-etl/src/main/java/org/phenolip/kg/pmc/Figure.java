package org.phenolip.kg.pmc;

import java.io.Serializable;
import java.util.List;

/**
 * One {@code <fig>}; {@code build.KgRows} follows {@code PhenoKg.FIGURE} column for column (arrays as
 * Scala Seqs, which every Spark path accepts).
 *
 * @param figureId         articleId + "/" + figId (figId falls back to "fig" + position when absent)
 * @param caption          the whole caption text, title included (what linking reads); null when
 *                         the figure has no {@code <caption>}
 * @param captionTitle     the caption's {@code <title>}, or null
 * @param graphics         every {@code <graphic xlink:href>} in document order, as written
 * @param imageName        the package entry whose bytes are in {@code image}: the first graphic that
 *                         has an image in the package; null for loose XML or when none matched
 * @param citingParagraphs body paragraphs holding an {@code <xref ref-type="fig">} to this figure,
 *                         flattened text, in document order
 */
public record Figure(
    String figureId,
    String articleId,
    String figId,
    String label,
    String captionTitle,
    String caption,
    List<String> graphics,
    String imageName,
    byte[] image,
    List<String> citingParagraphs) implements Serializable {

  public Figure {
    graphics = List.copyOf(graphics);
    citingParagraphs = List.copyOf(citingParagraphs);
  }

  public Figure withImage(String name, byte[] bytes) {
    return new Figure(figureId, articleId, figId, label, captionTitle, caption, graphics, name, bytes, citingParagraphs);
  }

  /**
   * Names to look an image up by in a package, per graphic: the href itself and, for
   * {@code info:doi/10.1371/journal.x.g001}-style hrefs, its last path segment.
   */
  public static List<String> imageKeys(String href) {
    int slash = href.lastIndexOf('/');
    String last = slash >= 0 ? href.substring(slash + 1) : href;
    return last.equals(href) ? List.of(href) : List.of(href, last);
  }
}
