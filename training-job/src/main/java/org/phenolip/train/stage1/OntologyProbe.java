package org.phenolip.train.stage1;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.phenolip.core.stats.Wilson;
import org.phenolip.model.encode.PhenolipEncoder;
import org.phenolip.train.stage1.LabelRetrieval.Query;

/**
 * Did stage 1 learn the ontology? Three held-out probes over the labels of the training terms
 * (top-1/top-10 with Wilson 95% intervals and chance, {@link LabelRetrieval}): held-out synonym
 * → its term; held-out term's label → its parent; held-out is_a edge, child → parent. Leaked
 * queries are dropped ({@link OntologyPairs#withoutLeaks}). Also the mean cosine of trained and
 * of held-out parent–child label pairs against random label pairs. The same measures before and
 * after training.
 */
public final class OntologyProbe {
  private OntologyProbe() {}

  public static Map<String, Double> measure(PhenolipEncoder enc, OntologyPairs data, long seed) {
    return measure(enc::embedTexts, data, seed);
  }

  /** @param embed L2-normalised embeddings of texts, one row per text */
  static Map<String, Double> measure(Function<List<String>, float[][]> embed, OntologyPairs data, long seed) {
    List<OntologyPairs.Term> terms = new ArrayList<>(data.terms().values().stream()
        .filter(t -> data.inTraining(t.id()) && !OntologyHoldout.blank(t.label())).toList());
    terms.sort((a, b) -> a.id().compareTo(b.id()));
    Map<String, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < terms.size(); i++) index.put(terms.get(i).id(), i);
    float[][] labels = embed.apply(terms.stream().map(OntologyPairs.Term::label).toList());

    Map<String, Double> out = new LinkedHashMap<>();
    List<OntologyPairs.HeldOut> held = data.heldOut();
    if (!held.isEmpty()) {
      float[][] q = embed.apply(held.stream().map(OntologyPairs.HeldOut::synonym).toList());
      List<Query> queries = new ArrayList<>();
      for (int i = 0; i < q.length; i++) queries.add(new Query(q[i], Set.of(index.get(held.get(i).termId())), Set.of()));
      out.put("heldout_synonyms", (double) q.length);
      LabelRetrieval.score(queries, labels).put(out, "synonym_to_term");
      out.put("candidate_terms", (double) labels.length);
    }
    List<OntologyPairs.HeldOutTerm> heldTerms = data.heldOutTerms();
    if (!heldTerms.isEmpty()) {
      float[][] q = embed.apply(heldTerms.stream().map(OntologyPairs.HeldOutTerm::label).toList());
      List<Query> queries = new ArrayList<>();
      for (int i = 0; i < q.length; i++) queries.add(new Query(q[i], indices(heldTerms.get(i).parentIds(), index), Set.of()));
      out.put("heldout_terms", (double) queries.size());
      LabelRetrieval.score(queries, labels).put(out, "term_to_parent");
    }
    List<OntologyPairs.HeldOutEdge> edges = data.heldOutEdges();
    if (!edges.isEmpty()) {
      List<Query> queries = new ArrayList<>();
      double[] cos = new double[edges.size()];
      for (int i = 0; i < edges.size(); i++) {
        OntologyPairs.HeldOutEdge e = edges.get(i);
        int c = index.get(e.childId()), p = index.get(e.parentId());
        Set<Integer> excluded = new HashSet<>(indices(data.terms().get(e.childId()).parents(), index));
        excluded.remove(p);
        excluded.add(c);
        queries.add(new Query(labels[c], Set.of(p), excluded));
        cos[i] = LabelRetrieval.dot(labels[c], labels[p]);
      }
      out.put("heldout_edges", (double) edges.size());
      LabelRetrieval.score(queries, labels).put(out, "edge_child_to_parent");
      putMean(out, "heldout_edge_cosine", cos);
    }
    List<Double> trained = new ArrayList<>();
    for (OntologyPairs.Term t : terms) {
      for (String p : t.parents()) {
        Integer j = index.get(p);
        if (j != null && data.edgeInTraining(t.id(), p)) trained.add(LabelRetrieval.dot(labels[index.get(t.id())], labels[j]));
      }
    }
    int pcCount = trained.size();
    out.put("parent_child_cosine", pcCount == 0 ? Double.NaN : trained.stream().mapToDouble(Double::doubleValue).average().orElseThrow());
    putMean(out, "random_pair_cosine", randomPairs(labels, Math.max(1, pcCount), seed));
    out.put("parent_child_pairs", (double) pcCount);
    return out;
  }

  /** Cosines of n random pairs of two different labels (a label with itself would add 1s). */
  static double[] randomPairs(float[][] labels, int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      int i = rnd.nextInt(labels.length), j = rnd.nextInt(labels.length);
      if (labels.length > 1) while (j == i) j = rnd.nextInt(labels.length);
      out[k] = LabelRetrieval.dot(labels[i], labels[j]);
    }
    return out;
  }

  /** {key}: the mean; {key}_ci95_lo/hi: normal 95% interval of the mean (NaN below 2 values). */
  static void putMean(Map<String, Double> out, String key, double[] xs) {
    double mean = 0;
    for (double x : xs) mean += x / xs.length;
    double var = 0;
    for (double x : xs) var += (x - mean) * (x - mean) / Math.max(1, xs.length - 1);
    double half = xs.length < 2 ? Double.NaN : Wilson.Z95 * Math.sqrt(var / xs.length);
    out.put(key, mean);
    out.put(key + "_ci95_lo", mean - half);
    out.put(key + "_ci95_hi", mean + half);
  }

  private static Set<Integer> indices(List<String> ids, Map<String, Integer> index) {
    Set<Integer> out = new HashSet<>();
    for (String id : ids) if (index.containsKey(id)) out.add(index.get(id));
    return out;
  }
}
