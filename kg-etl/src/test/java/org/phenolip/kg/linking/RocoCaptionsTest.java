package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.phenolip.kg.linking.bench.RocoCorpus;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;

/** The full HPO 2024-08-13 dictionary on real ROCO captions, expected mentions checked by hand. */
class RocoCaptionsTest {
  static Ontology hpo;
  static PhenotypeDictionary dictionary;
  static PhenotypeLinker linker;
  static RocoCorpus roco;

  @BeforeAll
  static void load() {
    hpo = OntologyLoader.load(Path.of("../data/hpo/hp.v2024-08-13.json.gz"));
    dictionary = PhenotypeDictionary.fromOntology(hpo);
    linker = PhenotypeLinker.of(dictionary);
    roco = RocoCorpus.load(Path.of("../data/roco/test_radiology"));
  }

  private static String caption(String id) {
    return roco.captions().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().text();
  }

  /** "id 'matched' tier [negated]" per mention. */
  private static List<String> describe(String text) {
    return linker.link(text).stream().map(m -> m.hpoId() + " '" + m.matchedText() + "' " + m.tier().key()
        + (m.negated() ? " negated" : "")).toList();
  }

  @Test
  void dictionaryFromTheRelease() {
    assertEquals(8_179, roco.captions().size());
    List<DictionaryEntry> entries = PhenotypeDictionary.entriesOf(hpo);
    assertEquals(entries.size(), dictionary.size() + dictionary.rejected().size() + dictionary.merged(),
        "entries in = kept + rejected + merged");
    assertTrue(dictionary.merged() >= 100, "plural synonyms fold onto their label: " + dictionary.merged());
    // Only phenotypic abnormalities: no clinical modifier ("Left" HP:0012835) or inheritance mode.
    assertTrue(dictionary.lookup("left").isEmpty());
    assertTrue(dictionary.lookup("autosomal dominant inheritance").isEmpty());
    assertEquals("HP:0001629", dictionary.lookup("ventricular septal defect").get(0).hpoId());
    assertEquals(Tier.ACRONYM, dictionary.lookup("vsd").get(0).tier());
    assertTrue(dictionary.rejected().stream().anyMatch(r -> r.normalized().equals("pica")));
  }

  @Test
  void handCheckedCaptions() {
    assertEquals(List.of("HP:0002664 'tumor' exact"), describe(caption("ROCO_00006")));
    assertEquals(List.of("HP:0031157 'carotid cavernous fistula' label"), describe(caption("ROCO_00016")));
    assertEquals(List.of("HP:0002664 'tumor' exact negated"), describe(caption("ROCO_03538")));
    assertEquals(List.of("HP:0000822 'hypertension' label", "HP:0003072 'hypercalcemia' label"),
        describe(caption("ROCO_04283")));
    assertEquals(List.of("HP:0033279 'enterocutaneous fistula' label"), describe(caption("ROCO_01598")));
    assertEquals(List.of(), describe(caption("ROCO_00001")));   // "Axial MRI (coronal view)."
  }

  @Test
  void offsetsOfEveryMentionOnAllCaptions() {
    for (RocoCorpus.Caption c : roco.captions()) {
      for (Mention m : linker.link(c.text())) {
        assertEquals(m.matchedText(), c.text().substring(m.start(), m.end()), c.id());
      }
    }
  }

  @Test
  void bothEnginesGiveTheSameMentionsOnAllCaptions() {
    PhenotypeLinker library = PhenotypeLinker.of(dictionary, true, true, AhoCorasickMatcher.ENGINE);
    int mentions = 0;
    for (RocoCorpus.Caption c : roco.captions()) {
      List<Mention> a = linker.link(c.text());
      assertEquals(library.link(c.text()), a, c.id());
      mentions += a.size();
    }
    assertTrue(mentions > 2_000, "mentions: " + mentions);
  }
}
