package org.phenolip.kg.linking;

import java.util.List;

/** Small hand-made dictionaries with known ground truth. */
final class Dictionaries {
  private Dictionaries() {}

  static List<DictionaryEntry> cardiac() {
    return List.of(
        new DictionaryEntry("HP:0001629", "Ventricular septal defect", Tier.LABEL),
        new DictionaryEntry("HP:0001629", "VSD", Tier.ACRONYM),
        new DictionaryEntry("HP:0011682", "Perimembranous ventricular septal defect", Tier.LABEL),
        new DictionaryEntry("HP:0001631", "Atrial septal defect", Tier.LABEL),
        new DictionaryEntry("HP:0001631", "ASD", Tier.ACRONYM),
        new DictionaryEntry("HP:0000729", "Autistic behavior", Tier.LABEL),
        new DictionaryEntry("HP:0000729", "Autism spectrum disorder", Tier.RELATED),
        new DictionaryEntry("HP:0002107", "Pneumothorax", Tier.LABEL),
        new DictionaryEntry("HP:0002202", "Pleural effusion", Tier.LABEL),
        new DictionaryEntry("HP:0002202", "Fluid around the lungs", Tier.EXACT),
        new DictionaryEntry("HP:0002113", "Pulmonary infiltrates", Tier.LABEL),
        new DictionaryEntry("HP:0002113", "Lung infiltrate", Tier.EXACT),
        new DictionaryEntry("HP:0001640", "Cardiomegaly", Tier.LABEL),
        new DictionaryEntry("HP:0001640", "Enlarged heart", Tier.EXACT),
        new DictionaryEntry("HP:0002090", "Pneumonia", Tier.LABEL),
        new DictionaryEntry("HP:0100749", "Chest pain", Tier.LABEL),
        new DictionaryEntry("HP:0012531", "Pain", Tier.LABEL),
        new DictionaryEntry("HP:0001945", "Fever", Tier.LABEL),
        new DictionaryEntry("HP:0001945", "Pyrexia", Tier.EXACT),
        new DictionaryEntry("HP:0001945", "Hyperthermia", Tier.RELATED),
        new DictionaryEntry("HP:0030680", "Abnormality of cardiovascular system morphology", Tier.LABEL),
        new DictionaryEntry("HP:0002925", "Abnormal thyroid-stimulating hormone level", Tier.LABEL),
        new DictionaryEntry("HP:0005108", "Abnormal vertebral morphology", Tier.LABEL),
        new DictionaryEntry("HP:0002665", "Lymphoma", Tier.LABEL),
        new DictionaryEntry("HP:0006530", "Abnormal pulmonary interstitial morphology", Tier.LABEL),
        new DictionaryEntry("HP:0001939", "Mass", Tier.RELATED),
        new DictionaryEntry("HP:0000969", "Edema", Tier.LABEL),
        new DictionaryEntry("HP:0000969", "Oedema", Tier.EXACT),
        new DictionaryEntry("HP:0000969", "Dropsy", Tier.RELATED),
        new DictionaryEntry("HP:0007360", "Aplasia/Hypoplasia of the cerebellum", Tier.LABEL),
        new DictionaryEntry("HP:0001274", "Agenesis of corpus callosum", Tier.LABEL),
        new DictionaryEntry("HP:0001339", "Absent septum pellucidum", Tier.LABEL),
        new DictionaryEntry("HP:0001541", "Ascites", Tier.LABEL));
  }

  static PhenotypeDictionary cardiacDictionary() {
    return PhenotypeDictionary.of(cardiac(), AmbiguityFilter.none());
  }
}
