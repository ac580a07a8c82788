package org.phenolip.kg.pmc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader on a small synthetic article whose every field is known (src/test/resources/pmc/quirks.nxml). */
class JatsReaderTest {
  static final Path FIXTURES = Path.of("src/test/resources/pmc");

  static ParsedArticle parse(String name) throws Exception {
    return JatsReader.read(name, Files.readAllBytes(FIXTURES.resolve(name)));
  }

  @Test
  void articleMetadata() throws Exception {
    ParsedArticle p = parse("quirks.nxml");
    assertFalse(p.isRejected(), () -> p.rejects().toString());
    Article a = p.article();
    assertEquals("PMC7654321", a.articleId());
    assertEquals("PMC7654321", a.pmcid());
    assertEquals("11112222", a.pmid());
    assertEquals("10.9999/quirks.2020.1", a.doi(), "related-article ids must not override the article's own");
    assertEquals("A case of quirks1", a.title(), "inline markup flattened, whitespace collapsed");
    assertEquals("Journal of Parser Quirks", a.journal());
    assertEquals(2021, a.year(), "epub wins over ppub and collection");
    assertEquals("https://creativecommons.org/licenses/by/4.0/", a.license(), "ali:license_ref wins over license-type");
    assertEquals(List.of("Case Report", "Dermatology", "Skin neoplasms"), a.subjects(), "nested, deduplicated");
    assertEquals("quirks.nxml", a.source());
    assertTrue(p.rejects().isEmpty());
  }

  @Test
  void figuresEverywhereWithCaptionsAndGraphics() throws Exception {
    List<Figure> figs = parse("quirks.nxml").figures();
    assertEquals(List.of("F1", "F2", "F3"), figs.stream().map(Figure::figId).toList(), "body, inside <p>, floats-group");
    Figure f1 = figs.get(0);
    assertEquals("PMC7654321/F1", f1.figureId());
    assertEquals("PMC7654321", f1.articleId());
    assertEquals("Figure 1", f1.label());
    assertEquals("Dermoscopy of the lesion.", f1.captionTitle());
    assertEquals("Dermoscopy of the lesion. A pigmented network with irregular dots. Scale bar, 1 mm.", f1.caption(),
        "title included, paragraphs separated, thin and no-break spaces normalised");
    assertEquals(List.of("quirks-fig1"), f1.graphics());
    assertNull(f1.image());
    assertNull(f1.imageName());

    Figure f2 = figs.get(1);
    assertNull(f2.caption(), "a figure without <caption> is kept with a null caption");
    assertNull(f2.captionTitle());
    assertEquals(List.of("quirks-fig2a.jpg", "quirks-fig2b.jpg"), f2.graphics(), "several graphics per figure");

    Figure f3 = figs.get(2);
    assertEquals("Chest radiograph.", f3.caption());
    assertNull(f3.captionTitle(), "a caption without <title>");
    assertEquals(List.of("info:doi/10.9999/quirks.2020.1.g003", "quirks.g003.tif"), f3.graphics(), "inside <alternatives>");
  }

  @Test
  void citingParagraphs() throws Exception {
    List<Figure> figs = parse("quirks.nxml").figures();
    assertEquals(List.of("Dermoscopy showed a lesion (Figure 1), see also [1]."), figs.get(0).citingParagraphs(),
        "a table caption citing Fig 1 is not a body paragraph");
    String panels = "Panels A and B (Figures 2 and 3) compare both sites.";
    assertEquals(List.of(panels), figs.get(1).citingParagraphs(), "rid lists several ids; the figure inside the <p> is not its text");
    assertEquals(List.of(panels, "Nested paragraph citing Fig. 3 in a list."), figs.get(2).citingParagraphs());
  }

  @Test
  void idFallbacksAndDefaults() throws Exception {
    ParsedArticle p = parse("minimal-no-ids.xml");
    Article a = p.article();
    assertEquals("minimal-no-ids.xml", a.articleId(), "no pmcid and no doi: the file name");
    assertNull(a.pmcid());
    assertNull(a.doi());
    assertNull(a.journal());
    assertEquals(2000, a.year(), "date-type=pub, electronic before print");
    assertEquals("http://creativecommons.org/licenses/by/3.0/", a.license(), "CC link inside license-p");
    assertEquals(List.of(), a.subjects());
    assertEquals("minimal-no-ids.xml/fig1", p.figures().get(0).figureId(), "a fig without id gets its position");
    assertEquals("Fig.", p.figures().get(1).label());
    assertNull(p.figures().get(1).caption());
    assertEquals(List.of(), p.figures().get(1).graphics());
  }

  @Test
  void doiArticleIdAndLicenseText() {
    String xml = """
        <article xmlns:xlink="http://www.w3.org/1999/xlink"><front><journal-meta><journal-id journal-id-type="nlm-ta">J X</journal-id></journal-meta>
        <article-meta><article-id pub-id-type="doi">10.1/abc</article-id><article-id pub-id-type="pmc">PMC42</article-id>
        <pub-date pub-type="ppub"><year>1999</year></pub-date>
        <permissions><license license-type=""><license-p>Plain   text licence.</license-p></license></permissions>
        </article-meta></front><body><fig id="a"/><fig id="a"/></body></article>""";
    ParsedArticle p = JatsReader.read("x.xml", xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals("PMC42", p.article().pmcid(), "a PMC prefix is not doubled");
    assertEquals("J X", p.article().journal(), "journal-id when there is no journal-title");
    assertEquals(1999, p.article().year());
    assertEquals("Plain text licence.", p.article().license(), "empty license-type falls through to the text");
    assertEquals(List.of("PMC42/a", "PMC42/a~2"), p.figures().stream().map(Figure::figureId).toList(),
        "figure_id stays unique when fig ids repeat");

    String plos = "<article><front><article-meta><article-id pub-id-type=\"doi\">10.1371/x.1</article-id></article-meta></front></article>";
    assertEquals("doi:10.1371/x.1", JatsReader.read("p.xml", plos.getBytes()).article().articleId());
  }

  @Test
  void latin1DeclaredEncodingIsHonoured() throws Exception {
    assertEquals("Café au lait spots", parse("latin1.xml").article().title());
  }

  @Test
  void normalize() {
    assertEquals("a b c", JatsReader.normalize("  a\n\t b\u00A0\u2009c  "));
    assertEquals("", JatsReader.normalize(" \n "));
  }
}
