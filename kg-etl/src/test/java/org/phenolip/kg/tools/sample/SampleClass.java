package org.phenolip.kg.tools.sample;

import java.util.List;

/**
 * One image class of the sample and how captions describe it: each template is a (title, text)
 * pair whose words include the HPO labels listed in {@code hpo}; {@code negated} are the terms a
 * template mentions under a negation ("no evidence of X", "X was excluded"). Benchmark articles are
 * written from {@code benchTemplates} only, which no training article uses, so a benchmark caption is never
 * a training caption with another age.
 */
record SampleClass(String name, String system, String modality, List<Term> hpo, List<Template> templates,
                   List<Template> benchTemplates) {

  record Term(String id, String label) {}

  record Template(String title, String text, List<Term> positive, List<Term> negated) {}

  static Template t(String title, String text, List<Term> positive, List<Term> negated) {
    return new Template(title, text, positive, negated);
  }

  static final Term MELANOMA = new Term("HP:0002861", "Melanoma");
  static final Term BCC = new Term("HP:0002671", "Basal cell carcinoma");
  static final Term SCC_SKIN = new Term("HP:0006739", "Squamous cell carcinoma of the skin");
  static final Term NEVUS = new Term("HP:0000995", "Melanocytic nevus");
  static final Term ACTINIC = new Term("HP:0025127", "Actinic keratosis");
  static final Term SEBORRHEIC = new Term("HP:0031287", "Seborrheic keratosis");
  static final Term FIBROMA = new Term("HP:0010614", "Fibroma");
  static final Term HEMANGIOMA = new Term("HP:0001028", "Hemangioma");
  static final Term HYPERPIGMENTATION = new Term("HP:0000953", "Hyperpigmentation of the skin");
  static final Term PNEUMONIA = new Term("HP:0002090", "Pneumonia");
  static final Term BREAST_CARCINOMA = new Term("HP:0003002", "Breast carcinoma");
  static final Term HYPOECHOIC_MASS = new Term("HP:6000630", "Hypoechoic breast mass");

  static final String DERM = "Dermatology", RADIOLOGY = "Radiology";

  /** The nine ISIC folders, in folder-name order. */
  static final List<SampleClass> ISIC = List.of(
      new SampleClass("actinic_keratosis", DERM, "dermoscopy", List.of(ACTINIC), List.of(
          t("Actinic keratosis on sun-damaged skin.", "Dermoscopy shows a strawberry pattern with scale and erythema.", List.of(ACTINIC), List.of()),
          t("Dermoscopy of an actinic keratosis.", "Rough scaly patch on the forehead; squamous cell carcinoma of the skin was excluded by biopsy.",
              List.of(ACTINIC), List.of(SCC_SKIN))), List.of(
          t("Scaly macule on the dorsum of the hand.", "Clinical and dermoscopic diagnosis: actinic keratosis with a red pseudonetwork.", List.of(ACTINIC), List.of()),
          t("Hypertrophic actinic keratosis of the scalp.", "White structureless areas around follicles; basal cell carcinoma was excluded.",
              List.of(ACTINIC), List.of(BCC)))),
      new SampleClass("basal_cell_carcinoma", DERM, "dermoscopy", List.of(BCC), List.of(
          t("Basal cell carcinoma (BCC) on the nose.", "The BCC shows arborizing vessels and leaf-like areas.", List.of(BCC), List.of()),
          t("Dermoscopy of a pigmented basal cell carcinoma.", "Blue-grey ovoid nests and ulceration; no evidence of melanoma.",
              List.of(BCC), List.of(MELANOMA))), List.of(
          t("Nodular basal cell carcinoma of the cheek.", "Pearly papule with spoke-wheel structures and fine branching vessels.", List.of(BCC), List.of()),
          t("Superficial lesion on the shoulder.", "Shiny white-red areas and short fine vessels typical of basal cell carcinoma; squamous cell carcinoma of the skin was excluded.",
              List.of(BCC), List.of(SCC_SKIN)))),
      new SampleClass("dermatofibroma", DERM, "dermoscopy", List.of(FIBROMA), List.of(
          t("Dermatofibroma on the lower leg.", "A benign cutaneous fibroma with a central white scar-like patch and a delicate peripheral network.",
              List.of(FIBROMA), List.of()),
          t("Dermoscopy of a firm papule.", "Findings of a fibroma of the dermis (dermatofibroma); melanoma was ruled out.",
              List.of(FIBROMA), List.of(MELANOMA))), List.of(
          t("Firm brown papule on the thigh.", "Positive dimple sign; dermoscopy typical of a fibroma with a central white network.", List.of(FIBROMA), List.of()),
          t("Fibroma of the skin on the arm.", "Ring-like globules at the periphery; no evidence of melanoma.", List.of(FIBROMA), List.of(MELANOMA)))),
      new SampleClass("melanoma", DERM, "dermoscopy", List.of(MELANOMA), List.of(
          t("Melanoma on the upper back.", "Dermoscopy shows an atypical pigment network, irregular streaks and a blue-white veil.", List.of(MELANOMA), List.of()),
          t("Dermoscopic image of a melanoma.", "Asymmetric lesion with multiple colours and regression structures.", List.of(MELANOMA), List.of())), List.of(
          t("Changing pigmented lesion on the calf.", "Excision confirmed a superficial spreading melanoma with atypical dots and globules.", List.of(MELANOMA), List.of()),
          t("Melanoma in situ on the forearm.", "Irregular hyperpigmented areas and angulated lines at the periphery.", List.of(MELANOMA), List.of()))),
      new SampleClass("nevus", DERM, "dermoscopy", List.of(NEVUS), List.of(
          t("Melanocytic nevus.", "Regular reticular pattern with symmetric pigmentation; no evidence of melanoma.", List.of(NEVUS), List.of(MELANOMA)),
          t("Dermoscopy of a melanocytic nevus on the trunk.", "Globular pattern with uniform brown globules.", List.of(NEVUS), List.of())), List.of(
          t("Symmetric brown macule on the back.", "Benign melanocytic nevus with a homogeneous pattern and a fading network.", List.of(NEVUS), List.of()),
          t("Congenital melanocytic nevus.", "Cobblestone globules without atypical features; melanoma was ruled out.", List.of(NEVUS), List.of(MELANOMA)))),
      new SampleClass("pigmented_benign_keratosis", DERM, "dermoscopy", List.of(HYPERPIGMENTATION), List.of(
          t("Pigmented benign keratosis.", "Sharply demarcated hyperpigmentation of the skin with a moth-eaten border; no evidence of melanoma.",
              List.of(HYPERPIGMENTATION), List.of(MELANOMA)),
          t("Dermoscopy of a flat pigmented lesion.", "Light-brown hyperpigmentation of the skin with fingerprint-like structures.",
              List.of(HYPERPIGMENTATION), List.of())), List.of(
          t("Flat brown lesion on the cheek.", "Moth-eaten edges and diffuse hyperpigmentation of the skin.", List.of(HYPERPIGMENTATION), List.of()),
          t("Regressing flat pigmented lesion.", "Grey granular pattern over hyperpigmentation of the skin; no evidence of melanoma.",
              List.of(HYPERPIGMENTATION), List.of(MELANOMA)))),
      new SampleClass("seborrheic_keratosis", DERM, "dermoscopy", List.of(SEBORRHEIC), List.of(
          t("Seborrheic keratosis.", "Milia-like cysts and comedo-like openings; melanoma was excluded.", List.of(SEBORRHEIC), List.of(MELANOMA)),
          t("Dermoscopy of a seborrheic keratosis on the chest.", "Cerebriform pattern with fissures and ridges.", List.of(SEBORRHEIC), List.of())), List.of(
          t("Stuck-on plaque of the temple.", "Hairpin vessels with a whitish halo, a seborrheic keratosis.", List.of(SEBORRHEIC), List.of()),
          t("Irritated seborrheic keratosis.", "Sharp demarcation and crypts; no evidence of basal cell carcinoma.", List.of(SEBORRHEIC), List.of(BCC)))),
      new SampleClass("squamous_cell_carcinoma", DERM, "dermoscopy", List.of(SCC_SKIN), List.of(
          t("Squamous cell carcinoma of the skin (SCC) on the scalp.", "The SCC shows white circles, keratin masses and glomerular vessels.",
              List.of(SCC_SKIN), List.of()),
          t("Dermoscopy of a keratotic nodule.", "Histology confirmed squamous cell carcinoma of the skin; no evidence of basal cell carcinoma.",
              List.of(SCC_SKIN), List.of(BCC))), List.of(
          t("Ulcerated nodule on the lower lip.", "Central keratin with a rim of looped vessels; biopsy showed squamous cell carcinoma of the skin.",
              List.of(SCC_SKIN), List.of()),
          t("Crateriform squamous cell carcinoma of the skin.", "Crater with keratin plug and white structureless zones.",
              List.of(SCC_SKIN), List.of()))),
      new SampleClass("vascular_lesion", DERM, "dermoscopy", List.of(HEMANGIOMA), List.of(
          t("Vascular lesion of the skin.", "Red lacunae separated by whitish septa, consistent with a hemangioma.", List.of(HEMANGIOMA), List.of()),
          t("Dermoscopy of a red papule.", "Well-circumscribed hemangioma with red-blue lagoons; melanoma was excluded.",
              List.of(HEMANGIOMA), List.of(MELANOMA))), List.of(
          t("Cherry hemangioma on the abdomen.", "Sharply demarcated red-purple lobules.", List.of(HEMANGIOMA), List.of()),
          t("Small bright-red papule.", "Lacunar pattern of a hemangioma; no evidence of melanoma.", List.of(HEMANGIOMA), List.of(MELANOMA)))));

  /** PneumoniaMNIST labels: 0 = normal, 1 = pneumonia. */
  static final List<SampleClass> CHEST = List.of(
      new SampleClass("normal", RADIOLOGY, "chest X-ray", List.of(), List.of(
          t("Normal chest radiograph.", "Clear lungs and sharp costophrenic angles; no evidence of pneumonia.", List.of(), List.of(PNEUMONIA)),
          t("Follow-up chest X-ray.", "No radiographic signs of pneumonia were seen.", List.of(), List.of(PNEUMONIA))), List.of(
          t("Chest radiograph without acute findings.", "Normal cardiothymic silhouette; pneumonia was excluded.", List.of(), List.of(PNEUMONIA)),
          t("Anteroposterior chest film.", "Well-aerated lungs with no focal opacity; no evidence of pneumonia.", List.of(), List.of(PNEUMONIA)))),
      new SampleClass("pneumonia", RADIOLOGY, "chest X-ray", List.of(PNEUMONIA), List.of(
          t("Chest radiograph with pneumonia.", "Frontal view showing patchy airspace opacities in both lower zones.", List.of(PNEUMONIA), List.of()),
          t("Paediatric chest X-ray.", "Right lower lobe consolidation in keeping with bacterial pneumonia.", List.of(PNEUMONIA), List.of())), List.of(
          t("Lobar pneumonia on the chest film.", "Dense left upper lobe opacity with air bronchograms.", List.of(PNEUMONIA), List.of()),
          t("Anteroposterior chest radiograph.", "Perihilar streaky opacities consistent with viral pneumonia.", List.of(PNEUMONIA), List.of()))));

  /** BreastMNIST labels: 0 = malignant, 1 = normal or benign (merged in this copy). */
  static final List<SampleClass> BREAST = List.of(
      new SampleClass("malignant", RADIOLOGY, "breast ultrasound", List.of(BREAST_CARCINOMA), List.of(
          t("Breast ultrasound of a hypoechoic breast mass.", "Irregular margins and posterior acoustic shadowing; core biopsy showed breast carcinoma.",
              List.of(HYPOECHOIC_MASS, BREAST_CARCINOMA), List.of()),
          t("Breast carcinoma on ultrasound.", "Taller-than-wide lesion with angular margins.", List.of(BREAST_CARCINOMA), List.of())), List.of(
          t("Ultrasound of a palpable lump.", "Spiculated hypoechoic breast mass; histology confirmed breast carcinoma.",
              List.of(HYPOECHOIC_MASS, BREAST_CARCINOMA), List.of()),
          t("Sonogram of breast carcinoma.", "Microlobulated margins and an echogenic halo.", List.of(BREAST_CARCINOMA), List.of()))),
      new SampleClass("normal_or_benign", RADIOLOGY, "breast ultrasound", List.of(), List.of(
          t("Breast ultrasound, benign or normal finding.", "No sonographic evidence of breast carcinoma.", List.of(), List.of(BREAST_CARCINOMA)),
          t("Screening breast ultrasound.", "Homogeneous fibroglandular tissue; breast carcinoma was excluded.", List.of(), List.of(BREAST_CARCINOMA))), List.of(
          t("Oval circumscribed breast lesion.", "Smooth parallel-oriented lesion; breast carcinoma was ruled out.", List.of(), List.of(BREAST_CARCINOMA)),
          t("Diagnostic breast ultrasound.", "Anechoic round lesion with posterior enhancement; no sonographic sign of breast carcinoma.", List.of(), List.of(BREAST_CARCINOMA)))));

  static List<Term> allTerms() {
    return List.of(MELANOMA, BCC, SCC_SKIN, NEVUS, ACTINIC, SEBORRHEIC, FIBROMA, HEMANGIOMA, HYPERPIGMENTATION, PNEUMONIA,
        BREAST_CARCINOMA, HYPOECHOIC_MASS);
  }
}
