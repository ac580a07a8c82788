package org.phenolip.kg.linking.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.phenolip.kg.linking.AmbiguityFilter;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.linking.TextNormalizer;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;
import org.phenolip.kg.ontology.Phenotype;

/**
 * The input for choosing {@code ambiguous-terms.txt}: dictionary names by the share of ROCO
 * captions they are matched in, on the even-numbered captions only (the odd ones are held out),
 * with the unfiltered dictionary. Prints "share  name  id  label  tier  example".
 * Usage: {@code NameFrequency [minShare]} (default 0.002).
 */
public final class NameFrequency {
  public static void main(String[] args) {
    double minShare = args.length > 0 ? Double.parseDouble(args[0]) : 0.002;
    Ontology hpo = OntologyLoader.load(Path.of("../data/hpo/hp.v2024-08-13.json.gz"));
    RocoCorpus roco = RocoCorpus.load(Path.of("../data/roco/test_radiology"));
    PhenotypeLinker linker = PhenotypeLinker.of(
        PhenotypeDictionary.of(PhenotypeDictionary.entriesOf(hpo), AmbiguityFilter.none()), false, false);
    Map<String, Integer> df = new HashMap<>();
    Map<String, String> example = new HashMap<>();
    Map<String, Mention> mention = new HashMap<>();
    int dev = 0;
    for (int i = 0; i < roco.captions().size(); i += 2) {
      dev++;
      String text = roco.captions().get(i).text();
      Set<String> seen = new HashSet<>();
      for (Mention m : linker.link(text)) {
        String key = TextNormalizer.get().normalize(m.matchedText());
        if (seen.add(key)) {
          df.merge(key, 1, Integer::sum);
          example.putIfAbsent(key, text.length() > 120 ? text.substring(0, 120) : text);
          mention.putIfAbsent(key, m);
        }
      }
    }
    int n = dev;
    List<Map.Entry<String, Integer>> top = df.entrySet().stream()
        .filter(e -> e.getValue() >= minShare * n)
        .sorted((a, b) -> b.getValue() - a.getValue()).toList();
    for (Map.Entry<String, Integer> e : top) {
      Mention m = mention.get(e.getKey());
      System.out.printf("%.4f\t%s\t%s\t%s\t%s\t%s%n", (double) e.getValue() / n, e.getKey(), m.hpoId(),
          hpo.term(m.hpoId()).map(Phenotype::label).orElse("?"), m.tier().key(), example.get(e.getKey()));
    }
  }
}
