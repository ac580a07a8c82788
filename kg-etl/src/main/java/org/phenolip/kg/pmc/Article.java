package org.phenolip.kg.pmc;

import java.io.Serializable;
import java.util.List;

/**
 * Article metadata from {@code <front>/<article-meta>}; {@code build.KgRows} follows
 * {@code PhenoKg.ARTICLE} column for column.
 *
 * @param articleId PMCxxxx, else "doi:" + doi, else the source file name
 * @param license   licence URL (license xlink:href or ali:license_ref, else a creativecommons.org
 *                  link inside license-p), else license-type, else the
 *                  license-p text; null when the article has no {@code <license>}
 * @param source    where the article came from (file path, or package path + "!" + entry name)
 * @param version   the PMC article version (PMC Cloud Service metadata JSON), else null
 * @param retracted the metadata JSON's {@code is_retracted}, else null
 */
public record Article(
    String articleId,
    String pmcid,
    String pmid,
    String doi,
    String title,
    String journal,
    Integer year,
    String license,
    List<String> subjects,
    String source,
    Integer version,
    Boolean retracted) implements Serializable {

  public Article {
    subjects = List.copyOf(subjects);
  }

  /** Without version and retraction (JATS alone does not carry them). */
  public Article(String articleId, String pmcid, String pmid, String doi, String title, String journal, Integer year, String license,
      List<String> subjects, String source) {
    this(articleId, pmcid, pmid, doi, title, journal, year, license, subjects, source, null, null);
  }
}
