package org.phenolip.kg.linking.bench;

import java.nio.file.Path;
import java.util.Set;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;

/** Prints the mentions of the given ROCO captions (ids as arguments), for checking by hand. */
public final class LinkCaptions {
  public static void main(String[] args) {
    Ontology hpo = OntologyLoader.load(Path.of("../data/hpo/hp.v2024-08-13.json.gz"));
    PhenotypeLinker linker = PhenotypeLinker.of(PhenotypeDictionary.fromOntology(hpo));
    Set<String> ids = Set.of(args);
    for (RocoCorpus.Caption c : RocoCorpus.load(Path.of("../data/roco/test_radiology")).captions()) {
      if (!ids.contains(c.id())) continue;
      System.out.println(c.id() + "\t" + c.text());
      for (Mention m : linker.link(c.text())) {
        System.out.println("    " + m.hpoId() + " " + hpo.require(m.hpoId()).label() + " '" + m.matchedText()
            + "' [" + m.start() + "," + m.end() + ") " + m.tier().key() + (m.negated() ? " NEGATED" : ""));
      }
    }
  }
}
