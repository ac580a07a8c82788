package org.phenolip.kg.linking.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.phenolip.core.io.Json;
import org.phenolip.kg.linking.AmbiguityFilter;
import org.phenolip.kg.linking.DictionaryEntry;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeDictionary;
import org.phenolip.kg.linking.PhenotypeLinker;
import org.phenolip.kg.linking.TextNormalizer;
import org.phenolip.kg.linking.Tier;
import org.phenolip.kg.ontology.Ontology;
import org.phenolip.kg.ontology.OntologyLoader;
import org.phenolip.kg.ontology.Phenotype;

/**
 * Caption → HPO linking against the ROCO silver standard (a benchmark, not a gate).
 *
 * <p>Per caption, the predicted set is the distinct HPO ids of its non-negated mentions; the
 * silver set is the HPO ids (under HP:0000118) that the caption's UMLS CUIs map to through HPO's
 * UMLS xrefs. Micro-averaged over all 8,179 captions: TP = Σ|pred ∩ silver|,
 * precision = TP / Σ|pred|, recall = TP / Σ|silver|. Also: precision counting only predicted ids
 * that occur somewhere in the silver standard ("silver ids": the ids the CUI extraction can
 * produce at all), recall over silver ids the dictionary can reach, per-tier precision (a
 * caption–id pair counts once, with its best tier), and ablation rows.
 *
 * <p>Usage: {@code RocoEvaluation [out.json] [--hpo FILE] [--roco DIR]}; defaults
 * target/bench/roco-linking.json, ../data/hpo/hp.v2024-08-13.json.gz, ../data/roco/test_radiology.
 */
public final class RocoEvaluation {

  record Config(String name, String what, PhenotypeLinker linker, boolean dropNegated,
                Predicate<Tier> tiers) {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of("target/bench/roco-linking.json");
    Path hpoFile = Path.of("../data/hpo/hp.v2024-08-13.json.gz");
    Path rocoDir = Path.of("../data/roco/test_radiology");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--hpo" -> hpoFile = Path.of(args[++i]);
        case "--roco" -> rocoDir = Path.of(args[++i]);
        default -> out = Path.of(args[i]);
      }
    }
    Ontology hpo = OntologyLoader.load(hpoFile);
    RocoCorpus roco = RocoCorpus.load(rocoDir);
    SilverStandard silver = new SilverStandard(hpo);
    List<DictionaryEntry> entries = PhenotypeDictionary.entriesOf(hpo);

    PhenotypeDictionary full = PhenotypeDictionary.of(entries);
    PhenotypeDictionary ruleOnly = PhenotypeDictionary.of(entries, AmbiguityFilter.withCommonWords(Map.of()));
    PhenotypeDictionary unfiltered = PhenotypeDictionary.of(entries, AmbiguityFilter.none());
    PhenotypeLinker main = PhenotypeLinker.of(full);
    List<Config> configs = List.of(
        new Config("full", "default: ambiguity filter, negation, abbreviations; negated mentions dropped",
            main, true, t -> true),
        new Config("no_negation", "negated mentions kept as predictions", main, false, t -> true),
        new Config("no_common_word_list", "ambiguity filter without the data-chosen common-word list "
            + "(length, no-letter and stop-word rules only)", PhenotypeLinker.of(ruleOnly), true, t -> true),
        new Config("no_ambiguity_filter", "no ambiguity filter at all", PhenotypeLinker.of(unfiltered), true, t -> true),
        new Config("no_abbreviations", "in-text abbreviation definitions ignored",
            PhenotypeLinker.of(full, true, false), true, t -> true),
        new Config("labels_and_exact_only", "only LABEL, EXACT and in-text ABBREVIATION tiers",
            main, true, t -> t == Tier.LABEL || t == Tier.EXACT || t == Tier.ABBREVIATION));

    Set<String> silverIds = new HashSet<>();
    List<Set<String>> gold = new ArrayList<>();
    int outOfScope = 0;
    for (RocoCorpus.Caption c : roco.captions()) {
      Set<String> s = silver.of(c);
      gold.add(s);
      silverIds.addAll(s);
      outOfScope += silver.outOfScope(c).size();
    }
    Set<String> reachable = new HashSet<>();
    full.byKey().values().forEach(l -> l.forEach(e -> reachable.add(e.hpoId())));

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "caption -> HPO linking on ROCO test_radiology vs UMLS-CUI silver standard");
    json.put("hpo", hpo.version());
    json.put("captions", roco.captions().size());
    json.put("dictionary", Map.of("entries_before_filter", entries.size(), "entries_kept", full.size(),
        "keys", full.keys(), "rejected_by_filter", full.rejected().size(),
        "common_word_list", AmbiguityFilter.defaults().commonWords().size()));
    json.put("silver", Map.of("cuis_mapped_to_hpo", silver.mappedCuis(),
        "captions_with_silver", gold.stream().filter(s -> !s.isEmpty()).count(),
        "silver_pairs", gold.stream().mapToInt(Set::size).sum(),
        "distinct_silver_ids", silverIds.size(),
        "out_of_scope_pairs_not_counted", outOfScope,
        "silver_pairs_reachable_by_dictionary", gold.stream().mapToLong(s -> s.stream().filter(reachable::contains).count()).sum()));
    json.put("definitions", Map.of(
        "precision", "TP / predicted caption-id pairs (non-negated mentions, distinct ids per caption)",
        "recall", "TP / silver caption-id pairs",
        "precision_on_silver_ids", "TP / predicted pairs whose id occurs anywhere in the silver standard",
        "recall_reachable", "TP / silver pairs whose id has at least one dictionary name after the filter",
        "precision_is_a", "predicted pairs whose id is a silver id or a descendant of one / predicted pairs",
        "recall_is_a", "silver pairs whose id is predicted or an ancestor of a predicted id / silver pairs",
        "heldout_odd", "the same on the odd-numbered captions only (the common-word list was chosen on the even ones)"));

    List<Map<String, Object>> rows = new ArrayList<>();
    Map<String, Object> fullRow = null;
    for (Config cfg : configs) {
      Map<String, Object> row = evaluate(cfg, roco, gold, silverIds, reachable, hpo, cfg == configs.get(0));
      rows.add(row);
      if (fullRow == null) fullRow = row;
    }
    json.put("results", rows);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, json);

    System.out.printf("%-22s %7s %7s %7s %8s %7s %7s %7s %7s%n", "config", "P", "R", "F1", "P_silver", "P_is_a", "R_is_a", "F1_is_a", "F1_odd");
    for (Map<String, Object> r : rows) {
      @SuppressWarnings("unchecked") Map<String, Object> odd = (Map<String, Object>) r.get("heldout_odd");
      System.out.printf("%-22s %7.4f %7.4f %7.4f %8.4f %7.4f %7.4f %7.4f %7.4f%n", r.get("config"), r.get("precision"),
          r.get("recall"), r.get("f1"), r.get("precision_on_silver_ids"), r.get("precision_is_a"),
          r.get("recall_is_a"), r.get("f1_is_a"), odd.get("f1"));
    }
    System.out.println("per-tier precision (full): " + fullRow.get("per_tier"));
    System.out.println("wrote " + out.toAbsolutePath());
  }

  static Map<String, Object> evaluate(Config cfg, RocoCorpus roco, List<Set<String>> gold, Set<String> silverIds,
                                      Set<String> reachable, Ontology hpo, boolean diagnostics) {
    long[] all = new long[7];   // tp, pred, gold, predOnSilverIds, goldReachable, relaxedTpP, relaxedTpR
    long[] odd = new long[7];
    Map<String, Set<String>> ancestors = new HashMap<>();
    Map<Tier, long[]> perTier = new EnumMap<>(Tier.class);
    Map<String, long[]> byKey = new HashMap<>();   // normalised matched text → {pred, tp}
    Map<String, long[]> missed = new HashMap<>();  // silver id → {fn}
    long negated = 0, negatedInSilver = 0;
    for (int i = 0; i < roco.captions().size(); i++) {
      RocoCorpus.Caption c = roco.captions().get(i);
      Set<String> g = gold.get(i);
      Map<String, Mention> best = new LinkedHashMap<>();
      for (Mention m : cfg.linker().link(c.text())) {
        if (!cfg.tiers().test(m.tier())) continue;
        if (m.negated()) {
          negated++;
          if (g.contains(m.hpoId())) negatedInSilver++;
          if (cfg.dropNegated()) continue;
        }
        best.merge(m.hpoId(), m, (a, b) -> a.tier().compareTo(b.tier()) <= 0 ? a : b);
      }
      long tp = 0, onSilver = 0;
      for (Mention m : best.values()) {
        boolean hit = g.contains(m.hpoId());
        if (hit) tp++;
        if (silverIds.contains(m.hpoId())) onSilver++;
        long[] t = perTier.computeIfAbsent(m.tier(), k -> new long[2]);
        t[0]++;
        if (hit) t[1]++;
        if (diagnostics) {
          long[] k = byKey.computeIfAbsent(m.hpoId() + " " + TextNormalizer.get().normalize(m.matchedText()), x -> new long[2]);
          k[0]++;
          if (hit) k[1]++;
        }
      }
      if (diagnostics) {
        for (String id : g) if (!best.containsKey(id)) missed.computeIfAbsent(id, x -> new long[1])[0]++;
      }
      long reach = g.stream().filter(reachable::contains).count();
      // is_a-relaxed: a prediction is right when the silver holds it or one of its ancestors
      // ("pulmonary edema" for silver "Edema"); a silver id is found when it or a descendant is predicted.
      long relP = 0, relR = 0;
      Set<String> predAndAncestors = new HashSet<>();
      for (String p : best.keySet()) {
        Set<String> up = ancestors.computeIfAbsent(p, hpo::ancestorIds);
        predAndAncestors.add(p);
        predAndAncestors.addAll(up);
        if (g.contains(p) || up.stream().anyMatch(g::contains)) relP++;
      }
      for (String s : g) if (predAndAncestors.contains(s)) relR++;
      long[][] targets = (i % 2 == 1) ? new long[][] {all, odd} : new long[][] {all};
      for (long[] a : targets) {
        a[0] += tp;
        a[1] += best.size();
        a[2] += g.size();
        a[3] += onSilver;
        a[4] += reach;
        a[5] += relP;
        a[6] += relR;
      }
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("config", cfg.name());
    row.put("what", cfg.what());
    row.putAll(scores(all));
    row.put("heldout_odd", scores(odd));
    Map<String, Object> tiers = new LinkedHashMap<>();
    perTier.forEach((t, v) -> tiers.put(t.key(), Map.of("predicted", v[0], "tp", v[1],
        "precision", round(v[0] == 0 ? 0 : (double) v[1] / v[0]), "confidence", t.confidence())));
    row.put("per_tier", tiers);
    row.put("negated_mentions", negated);
    row.put("negated_mentions_in_silver", negatedInSilver);
    if (diagnostics) {
      row.put("top_false_positive_names", byKey.entrySet().stream()
          .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1] - e.getValue()[0]))
          .limit(40).map(e -> e.getKey() + " pred=" + e.getValue()[0] + " tp=" + e.getValue()[1]).toList());
      row.put("top_false_negative_ids", missed.entrySet().stream()
          .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
          .limit(25).map(e -> e.getKey() + " " + hpo.term(e.getKey()).map(Phenotype::label).orElse("?")
              + " fn=" + e.getValue()[0]).toList());
    }
    return row;
  }

  private static Map<String, Object> scores(long[] a) {
    double p = a[1] == 0 ? 0 : (double) a[0] / a[1];
    double r = a[2] == 0 ? 0 : (double) a[0] / a[2];
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tp", a[0]);
    m.put("predicted", a[1]);
    m.put("silver", a[2]);
    m.put("precision", round(p));
    m.put("recall", round(r));
    m.put("f1", round(p + r == 0 ? 0 : 2 * p * r / (p + r)));
    m.put("precision_on_silver_ids", round(a[3] == 0 ? 0 : (double) a[0] / a[3]));
    m.put("recall_reachable", round(a[4] == 0 ? 0 : (double) a[0] / a[4]));
    double rp = a[1] == 0 ? 0 : (double) a[5] / a[1], rr = a[2] == 0 ? 0 : (double) a[6] / a[2];
    m.put("precision_is_a", round(rp));
    m.put("recall_is_a", round(rr));
    m.put("f1_is_a", round(rp + rr == 0 ? 0 : 2 * rp * rr / (rp + rr)));
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
