package org.phenolip.curate.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.phenolip.curate.bench.DomainScore;

class DomainTaggerTest {
  final DomainTagger t = new DomainTagger();

  private String tag(String caption) {
    var x = t.tag(caption, null, List.of(), null);
    return x.domain() + "/" + x.modality();
  }

  @Test void captionRules() {
    assertEquals("dermatology/dermoscopy", tag("Dermoscopy of a keratotic nodule. Histology confirmed squamous cell carcinoma."));
    assertEquals("radiology/ct", tag("CT angiography of the coronary arteries"));
    assertEquals("radiology/mri", tag("MR angiography shows a stenosis; radiograph normal"));
    assertEquals("radiology/xray", tag("Anteroposterior radiograph of pelvis at most recent follow up."));
    assertEquals("radiology/ultrasound", tag("Transvaginal sonography showing a hypoechoic mass"));
    assertEquals("pathology/histology", tag("Tumour cells (H&E, original magnification x400)"));
    assertEquals("ophthalmology/oct", tag("Spectral-domain OCT of the macula"));
    assertEquals("ophthalmology/fundus", tag("Colour fundus photograph of the right eye"));
    assertEquals("hematology/blood-smear", tag("Peripheral blood smear with schistocytes"));
    assertEquals("other/unknown", tag("Kaplan-Meier curves for all patients"));
    // "CT" only in capitals: "act" or "ct" inside words is not CT
    assertEquals("other/unknown", tag("The act of walking"));
  }

  @Test void articleCuesWhenTheCaptionHasNone() {
    var x = t.tag("A lesion on the back of a 40-year-old man.", "Case report", List.of("Dermatology"), "J Skin");
    assertEquals("dermatology", x.domain());
    assertEquals("article:dermatol", x.cue());
  }

  @Test void scoresOnRocoAndTheSample() throws Exception {
    Map<String, Object> roco = DomainScore.roco(Path.of("..", "data"));
    // every ROCO caption is radiology; a caption without a modality word stays "other" (measured 0.71)
    assertTrue((double) roco.get("radiology_rate") > 0.65, roco.toString());
    assertTrue((double) roco.get("silver_modality_accuracy") > 0.9, roco.toString());
    Map<String, Object> sample = DomainScore.sample(Path.of("..", "data"));
    assertEquals(1.0, (double) sample.get("domain_accuracy"), sample.toString());
  }
}
