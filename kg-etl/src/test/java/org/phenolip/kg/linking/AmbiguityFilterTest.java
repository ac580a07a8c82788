package org.phenolip.kg.linking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AmbiguityFilterTest {

  @Test
  void rule() {
    AmbiguityFilter f = AmbiguityFilter.withCommonWords(Map.of("mass", "test"));
    assertTrue(f.reason("ph").startsWith("shorter"));
    assertEquals("no letter", f.reason("1234"));
    assertEquals("English stop word", f.reason("all"));
    assertEquals("common word: test", f.reason("mass"));
    assertNull(f.reason("mass effect"));
    assertNull(f.reason("pneumothorax"));
    assertNull(AmbiguityFilter.none().reason("a"));
  }

  @Test
  void dictionaryRecordsWhatItDropsAndTheLinkerIgnoresIt() {
    List<DictionaryEntry> entries = List.of(
        new DictionaryEntry("HP:0001939", "Mass", Tier.RELATED),
        new DictionaryEntry("HP:0000001", "All", Tier.LABEL),
        new DictionaryEntry("HP:0000002", "PH", Tier.ACRONYM),
        new DictionaryEntry("HP:0100246", "Mass effect", Tier.EXACT));
    PhenotypeDictionary d = PhenotypeDictionary.of(entries, AmbiguityFilter.withCommonWords(Map.of("mass", "test")));
    assertEquals(1, d.size());
    assertEquals(3, d.rejected().size());
    assertEquals(entries.size(), d.size() + d.rejected().size(), "entries in = kept + rejected");
    PhenotypeLinker l = PhenotypeLinker.of(d);
    assertEquals(List.of("HP:0100246"), PhenotypeLinkerTest.ids(l.link("All: large mass with mass effect, PH 7")));
    PhenotypeLinker all = PhenotypeLinker.of(PhenotypeDictionary.of(entries, AmbiguityFilter.none()));
    assertEquals(4, all.link("All: large mass with mass effect, PH 7").size());
  }

  @Test
  void bundledListParses() {
    Map<String, String> list = AmbiguityFilter.loadList();
    list.keySet().forEach(k -> assertEquals(TextNormalizer.get().normalize(k), k));
    assertEquals(list, AmbiguityFilter.defaults().commonWords());
  }
}
