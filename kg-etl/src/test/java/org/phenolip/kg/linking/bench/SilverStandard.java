package org.phenolip.kg.linking.bench;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.phenolip.core.schema.AnatomicalSystem;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.Phenotype;

/**
 * ROCO's UMLS CUIs mapped to HPO through HPO's own {@code UMLS:Cxxxxxxx} xrefs. Only live terms
 * under HP:0000118 (the linker's scope) count; a CUI may map to several terms.
 */
public final class SilverStandard {
  private final Map<String, Set<String>> hpoByCui = new HashMap<>();
  private final Map<String, Set<String>> outOfScopeByCui = new HashMap<>();

  public SilverStandard(Ontology ontology) {
    Set<String> scope = ontology.descendantIds(AnatomicalSystem.PHENOTYPIC_ABNORMALITY);
    for (Phenotype p : ontology.liveTerms()) {
      for (String x : p.xrefs()) {
        if (!x.startsWith("UMLS:")) continue;
        String cui = x.substring(5).strip();
        (scope.contains(p.id()) ? hpoByCui : outOfScopeByCui)
            .computeIfAbsent(cui, k -> new TreeSet<>()).add(p.id());
      }
    }
  }

  /** Silver HPO ids of one caption. */
  public Set<String> of(RocoCorpus.Caption c) {
    Set<String> out = new LinkedHashSet<>();
    for (String cui : c.cuis()) out.addAll(hpoByCui.getOrDefault(cui, Set.of()));
    return out;
  }

  /** HPO ids outside HP:0000118 that the caption's CUIs map to (not counted). */
  public Set<String> outOfScope(RocoCorpus.Caption c) {
    Set<String> out = new LinkedHashSet<>();
    for (String cui : c.cuis()) out.addAll(outOfScopeByCui.getOrDefault(cui, Set.of()));
    return out;
  }

  public int mappedCuis() { return hpoByCui.size(); }
}
