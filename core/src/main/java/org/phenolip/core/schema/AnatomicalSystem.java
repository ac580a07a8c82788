package org.phenolip.core.schema;

import java.util.Arrays;
import java.util.Optional;

/**
 * The top-level categories under HP:0000118 "Phenotypic abnormality" (HPO 2024-08-13).
 * Their short {@link #key()} is the partition value of PhenoKG datasets; terms outside
 * HP:0000118 (modes of inheritance, modifiers...) fall in {@link #OTHER}.
 */
public enum AnatomicalSystem {
  GENITOURINARY("HP:0000119", "genitourinary", "Abnormality of the genitourinary system"),
  HEAD_NECK("HP:0000152", "head_neck", "Abnormality of head or neck"),
  EYE("HP:0000478", "eye", "Abnormality of the eye"),
  EAR("HP:0000598", "ear", "Abnormality of the ear"),
  NERVOUS("HP:0000707", "nervous", "Abnormality of the nervous system"),
  BREAST("HP:0000769", "breast", "Abnormality of the breast"),
  ENDOCRINE("HP:0000818", "endocrine", "Abnormality of the endocrine system"),
  PRENATAL("HP:0001197", "prenatal", "Abnormality of prenatal development or birth"),
  GROWTH("HP:0001507", "growth", "Growth abnormality"),
  INTEGUMENT("HP:0001574", "integument", "Abnormality of the integument"),
  VOICE("HP:0001608", "voice", "Abnormality of the voice"),
  CARDIOVASCULAR("HP:0001626", "cardiovascular", "Abnormality of the cardiovascular system"),
  BLOOD("HP:0001871", "blood", "Abnormality of blood and blood-forming tissues"),
  METABOLISM("HP:0001939", "metabolism", "Abnormality of metabolism/homeostasis"),
  RESPIRATORY("HP:0002086", "respiratory", "Abnormality of the respiratory system"),
  NEOPLASM("HP:0002664", "neoplasm", "Neoplasm"),
  IMMUNE("HP:0002715", "immune", "Abnormality of the immune system"),
  DIGESTIVE("HP:0025031", "digestive", "Abnormality of the digestive system"),
  CONSTITUTIONAL("HP:0025142", "constitutional", "Constitutional symptom"),
  CELLULAR("HP:0025354", "cellular", "Abnormal cellular phenotype"),
  MUSCULOSKELETAL("HP:0033127", "musculoskeletal", "Abnormality of the musculoskeletal system"),
  LIMBS("HP:0040064", "limbs", "Abnormality of limbs"),
  THORACIC_CAVITY("HP:0045027", "thoracic_cavity", "Abnormality of the thoracic cavity"),
  OTHER("", "other", "Not under Phenotypic abnormality");

  /** HP:0000118, the root whose direct children are the systems. */
  public static final String PHENOTYPIC_ABNORMALITY = "HP:0000118";

  private final String hpoId;
  private final String key;
  private final String label;

  AnatomicalSystem(String hpoId, String key, String label) {
    this.hpoId = hpoId;
    this.key = key;
    this.label = label;
  }

  public String hpoId() { return hpoId; }

  /** Short, path-safe name used as the Parquet partition value. */
  public String key() { return key; }

  public String label() { return label; }

  public static Optional<AnatomicalSystem> byHpoId(String id) {
    return Arrays.stream(values()).filter(s -> !s.hpoId.isEmpty() && s.hpoId.equals(id)).findFirst();
  }

  public static Optional<AnatomicalSystem> byKey(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
