package org.phenolip.curate.domain;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tags a figure–caption pair with its imaging domain and modality from text cues.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>Caption cues: every rule below is searched in the (sub)caption; the <em>earliest</em> match
 *       wins ("Dermoscopy of a nodule. Histology confirmed SCC" is dermoscopy; "CT angiography" is CT,
 *       "MR angiography" MRI).</li>
 *   <li>Article cues when the caption has none: the article title, subjects and journal name
 *       (e.g. a "Dermatology" subject gives dermatology/clinical, "Radiology" radiology/unknown).</li>
 *   <li>Otherwise {@code other}.</li>
 * </ol>
 * Domains: radiology (ct, mri, xray, ultrasound, nuclear), pathology (histology), dermatology
 * (dermoscopy, clinical), ophthalmology (fundus, oct), hematology (blood-smear), other. Thread-safe.
 */
public final class DomainTagger implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * A tag.
   *
   * @param cue what decided: {@code caption:<words>}, {@code article:<words>}, {@code image:<domain>/<modality>} or {@code none}
   * @param source {@code rules}, {@code image} or {@code none}
   * @param prob the image classifier's top probability when it ran, else null
   */
  public record Tag(String domain, String modality, String cue, String source, Double prob) implements Serializable {}

  /** What an image classifier says about a crop: its top label, that label's probability, and whether it reaches the threshold. */
  public record ImageLabel(String domain, String modality, double prob, boolean confident) implements Serializable {}

  /** The domains and their modalities ({@code unknown} is allowed for each as well). */
  public static final Map<String, List<String>> DOMAINS = domains();

  private static Map<String, List<String>> domains() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("radiology", List.of("ct", "mri", "xray", "ultrasound", "nuclear"));
    m.put("pathology", List.of("histology"));
    m.put("dermatology", List.of("dermoscopy", "clinical"));
    m.put("ophthalmology", List.of("fundus", "oct"));
    m.put("hematology", List.of("blood-smear"));
    m.put("other", List.of());
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * A label name as {domain, modality}: {@code domain/modality}, a bare domain (modality {@code unknown})
   * or a bare modality (its domain); null when it names none of them.
   */
  public static String[] label(String name) {
    String s = name.strip().toLowerCase(Locale.ROOT);
    int slash = s.indexOf('/');
    if (slash >= 0) {
      String d = s.substring(0, slash), m = s.substring(slash + 1);
      List<String> mods = DOMAINS.get(d);
      return mods != null && (mods.contains(m) || m.equals("unknown")) ? new String[] {d, m} : null;
    }
    if (DOMAINS.containsKey(s)) return new String[] {s, "unknown"};
    for (var e : DOMAINS.entrySet()) if (e.getValue().contains(s)) return new String[] {e.getKey(), s};
    return null;
  }

  private record Rule(String domain, String modality, Pattern pattern) implements Serializable {}

  private static Rule r(String domain, String modality, String regex) {
    return new Rule(domain, modality, Pattern.compile(regex));
  }

  private static final String I = "(?i)";
  /** Caption rules (case-insensitive unless an acronym must be in capitals). */
  private static final List<Rule> CAPTION = List.of(
      r("dermatology", "dermoscopy", I + "\\b(dermo?scop\\w*|dermatoscop\\w*|epiluminescence)"),
      r("ophthalmology", "fundus", I + "\\b(fundus (photo\\w*|image\\w*|picture)|fundoscop\\w*|funduscop\\w*|retinal photo\\w*|colou?r fundus|fundus autofluorescence|fluorescein angiogra\\w*)"),
      r("ophthalmology", "oct", "\\b(optical coherence tomograph\\w*|(SD-|SS-)?OCT)\\b"),
      r("hematology", "blood-smear", I + "\\b((peripheral )?blood (smear|film)s?|peripheral smear|bone marrow (aspirate|smear)s?|(wright-)?giemsa)"),
      r("pathology", "histology", I + "(\\bH&E\\b|\\bH ?and ?E\\b|\\bhae?matoxylin|\\beosin|immunohisto\\w*|\\bhistolog\\w*|\\bhistopatholog\\w*|\\bphotomicrograph\\w*|\\bmicrograph\\w*|original magnification|\\bIHC\\b|\\bPAS stain\\w*|\\bcytolog\\w*)"),
      r("radiology", "mri", "(?i:\\b(magnetic resonance|MR imaging|T[12][- ]weighted|diffusion[- ]weighted|FLAIR|MR angiogra\\w*|MRCP|gadolinium)\\b)|\\b(MRI|MRA|MR|DWI)\\b"),
      r("radiology", "ct", "(?i:\\b(computed tomograph\\w*|computer tomograph\\w*|tomodensitom\\w*|CT[- ]?scan\\w*|CT angiogra\\w*|cone[- ]beam)\\b)|\\b(CT|CTA|HRCT|MDCT|CBCT|TDM)\\b"),
      r("radiology", "ultrasound", I + "\\b(ultraso\\w*|sonogra\\w*|echocardiogra\\w*|echogra\\w*|doppler|transvaginal|transthoracic echo\\w*|hypoechoic|hyperechoic|anechoic|TEE|TTE)\\b"),
      r("radiology", "nuclear", "(?i:\\b(scintigra\\w*|positron emission|bone scan|SPECT|PET)\\b)"),
      r("radiology", "xray", I + "\\b(radiograph\\w*|x-?rays?|röntgen\\w*|roentgen\\w*|mammogra\\w*|angiogra\\w*|arteriogra\\w*|venogra\\w*|fluorosco\\w*|urogra\\w*|cholangiogra\\w*|hysterosalpingogra\\w*|orthopantomogra\\w*|panoramic (view|radiograph|x)\\w*|barium|chest film|plain film|ventriculogra\\w*|cavogra\\w*|myelogra\\w*)"),
      r("dermatology", "clinical", I + "\\b(clinical (photo\\w*|picture|image|appearance) of (the )?(skin|lesion|rash)|skin lesions?|cutaneous lesions?|(erythematous|pruritic) (papule|plaque|rash|macule)s?|rash)\\b"));

  /** Article rules: subjects, title and journal. */
  private static final List<Rule> ARTICLE = List.of(
      r("dermatology", "dermoscopy", I + "\\bdermo?scop"),
      r("dermatology", "clinical", I + "\\bdermatol"),
      r("ophthalmology", "unknown", I + "\\b(ophthalmol|retina|eye\\b|optometr)"),
      r("hematology", "blood-smear", I + "\\b(hematol|haematol|blood\\b)"),
      r("pathology", "histology", I + "\\b(patholog|histolog)"),
      r("radiology", "unknown", I + "\\b(radiol|imaging|sonograph|ultrasound)"));

  public Tag tag(String caption, String title, List<String> subjects, String journal) {
    return tag(caption, title, subjects, journal, null);
  }

  /**
   * @param image the image classifier's label for the crop, asked only when the caption has no cue; null: no classifier
   */
  public Tag tag(String caption, String title, List<String> subjects, String journal, Supplier<ImageLabel> image) {
    Tag t = earliest(CAPTION, caption, "caption", null);
    if (t != null) return t;
    ImageLabel g = image == null ? null : image.get();
    Double prob = g == null ? null : g.prob();
    if (g != null && g.confident()) return new Tag(g.domain(), g.modality(), "image:" + g.domain() + "/" + g.modality(), "image", prob);
    StringBuilder art = new StringBuilder();
    if (subjects != null) for (String s : subjects) art.append(s).append(" | ");
    if (title != null) art.append(title).append(" | ");
    if (journal != null) art.append(journal);
    t = earliest(ARTICLE, art.toString(), "article", prob);
    return t != null ? t : new Tag("other", "unknown", "none", "none", prob);
  }

  private static Tag earliest(List<Rule> rules, String text, String source, Double prob) {
    if (text == null || text.isEmpty()) return null;
    Tag best = null;
    int at = Integer.MAX_VALUE;
    for (Rule rule : rules) {
      Matcher m = rule.pattern.matcher(text);
      if (m.find() && m.start() < at) {
        at = m.start();
        best = new Tag(rule.domain, rule.modality, source + ":" + m.group().toLowerCase(Locale.ROOT), "rules", prob);
      }
    }
    return best;
  }
}
