package org.phenolip.kg.tools.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.phenolip.core.io.Npz;
import org.phenolip.kg.pmc.Article;
import org.phenolip.kg.pmc.Figure;
import org.phenolip.kg.pmc.OaPackages;
import org.phenolip.kg.pmc.ParsedArticle;
import org.phenolip.kg.pmc.PmcReader;
import org.phenolip.kg.pmc.SourceDocument;
import org.phenolip.kg.tools.sample.SampleClass.Template;
import org.phenolip.kg.tools.sample.SampleClass.Term;

/**
 * Writes the bundled synthetic PMC OA sample: JATS articles whose text is made up, packaged with
 * REAL medical images (ISIC dermoscopy JPEGs, PneumoniaMNIST chest X-rays, BreastMNIST breast
 * ultrasound), and a {@code ground_truth.jsonl} that says, per figure, which image it holds and
 * which HPO terms its caption asserts or negates. Every HPO id and label is checked against the
 * release before anything is written, and every package is read back with {@link PmcReader}
 * (captions, images) before the run succeeds.
 *
 * <p>Deterministic: the same data and seed give byte-identical packages.
 * Usage: {@code SampleOaPackages [dataDir=data] [outDir=data/sample/pmc-oa] [seed=20240813]}.
 */
public final class SampleOaPackages {
  private SampleOaPackages() {}

  public static final long DEFAULT_SEED = 20240813L;
  public static final String JOURNAL = "PhenoLIP Synthetic Sample";
  static final String HPO_FILE = "hpo/hp.v2024-08-13.json.gz";
  /**
   * The ISIC images figures are made of; the linear probe reads {@code train_subset}, the other half of the same
   * 270-image set, so no probe image is ever in a training caption pair.
   */
  static final String ISIC_FIGURES = "images/isic_9class/sample_figures";
  /** The MedMNIST split figures are drawn from (the probes use train and test). */
  static final String SPLIT = "val";
  static final int FIRST_PMCID = 9000001;

  /** How much to generate; {@link #DEFAULT} is the bundled sample. */
  public record Plan(int isicPerClass, int dermPackages, int chestPackages, int chestPerLabel, int breastPackages,
                     int breastPerLabel, double compoundRate) {
    public static final Plan DEFAULT = new Plan(15, 6, 2, 15, 2, 10, 0.2);
  }

  /** What was written: packages, figures, images, and the ground-truth lines (as maps). */
  public record Summary(List<Path> packages, int figures, int images, List<Map<String, Object>> truth) {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args.length > 0 ? args[0] : "data");
    Path out = Path.of(args.length > 1 ? args[1] : "data/sample/pmc-oa");
    long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
    Summary s = generate(data, out, seed, Plan.DEFAULT);
    long bytes = 0;
    for (Path p : s.packages()) bytes += Files.size(p);
    System.out.printf("wrote %d packages (%d figures, %d images, %.2f MB) and ground_truth.jsonl to %s%n",
        s.packages().size(), s.figures(), s.images(), bytes / 1e6, out);
  }

  /** One source image: its class, where it came from, its original bytes (ISIC) or pixels. */
  record Img(SampleClass cls, String source, byte[] original, BufferedImage pixels) {}

  public static Summary generate(Path data, Path out, long seed, Plan plan) throws IOException {
    return generate(new HpoCheck(data.resolve(HPO_FILE)), data, out, seed, plan);
  }

  static Summary generate(HpoCheck hpo, Path data, Path out, long seed, Plan plan) throws IOException {
    for (Term t : SampleClass.allTerms()) hpo.require(t.id(), t.label());
    Random rng = new Random(seed);

    List<Article> articles = new ArrayList<>();
    int pmc = FIRST_PMCID;
    List<Img> isic = isic(data, plan.isicPerClass(), rng);
    for (int k = 0; k < plan.dermPackages(); k++) {
      List<Img> part = slice(isic, k, plan.dermPackages());
      articles.add(new Article(pmc++, "Dermoscopic features of common skin lesions: synthetic case series " + (k + 1)
          + " of " + plan.dermPackages(), List.of("Synthetic sample", SampleClass.DERM, "Dermoscopy"), part, "jpg", false,
          "Dermoscopy of two lesions.", "ISIC Archive dermoscopy images (per-image licence, mostly CC BY-NC 4.0 or CC0; "
          + "https://www.isic-archive.com)", k == 0, plan.compoundRate(), 25, 85, k == plan.dermPackages() - 1));
    }
    Map<String, Npz.Array> pneu = Npz.read(data.resolve("images/medmnist/pneumoniamnist.npz"));
    List<Img> chest = medmnist(pneu, "images/medmnist/pneumoniamnist.npz", SampleClass.CHEST,
        plan.chestPackages() * plan.chestPerLabel(), rng); // per label, over all packages
    for (int k = 0; k < plan.chestPackages(); k++) {
      articles.add(new Article(pmc++, "Paediatric chest radiographs with and without pneumonia: synthetic series " + (k + 1),
          List.of("Synthetic sample", SampleClass.RADIOLOGY, "Chest radiography"), slice(chest, k, plan.chestPackages()), "png",
          false, "Admission and follow-up radiographs.", "PneumoniaMNIST, MedMNIST v2 (CC BY 4.0; source images: Kermany et al. 2018)",
          false, plan.compoundRate(), 1, 6, k == plan.chestPackages() - 1));
    }
    Map<String, Npz.Array> breast = Npz.read(data.resolve("images/medmnist/breastmnist.npz"));
    List<Img> bus = medmnist(breast, "images/medmnist/breastmnist.npz", SampleClass.BREAST,
        plan.breastPackages() * plan.breastPerLabel(), rng);
    for (int k = 0; k < plan.breastPackages(); k++) {
      articles.add(new Article(pmc++, "Breast ultrasound findings: synthetic series " + (k + 1),
          List.of("Synthetic sample", SampleClass.RADIOLOGY, "Breast ultrasound"), slice(bus, k, plan.breastPackages()), "png",
          true, "Two breast ultrasound images.", "BreastMNIST, MedMNIST v2 (CC BY 4.0; source images: Al-Dhabyani et al. 2020)",
          false, plan.compoundRate(), 30, 75, k == plan.breastPackages() - 1));
    }

    Files.createDirectories(out);
    try (Stream<Path> old = Files.list(out)) {
      for (Path p : old.filter(p -> p.getFileName().toString().matches("PMC\\d+\\.tar\\.gz")).toList()) Files.delete(p);
    }
    List<Path> written = new ArrayList<>();
    List<Map<String, Object>> truth = new ArrayList<>();
    int figures = 0, images = 0;
    for (Article a : articles) {
      Built b = a.build(rng, hpo);
      Path file = out.resolve(a.pmcid() + ".tar.gz");
      byte[] pkg = OaPackages.tarGz(b.entries());
      Files.write(file, pkg);
      verify(file, pkg, b);
      written.add(file);
      truth.addAll(b.truth());
      figures += b.truth().size();
      images += a.images().size();
    }
    ObjectMapper lines = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    StringBuilder jsonl = new StringBuilder();
    for (Map<String, Object> t : truth) jsonl.append(lines.writeValueAsString(t)).append('\n');
    Files.writeString(out.resolve("ground_truth.jsonl"), jsonl, StandardCharsets.UTF_8);
    return new Summary(written, figures, images, truth);
  }

  private static <T> List<T> slice(List<T> all, int k, int parts) {
    int from = all.size() * k / parts, to = all.size() * (k + 1) / parts;
    return all.subList(from, to);
  }

  /** {@code perClass} images of each ISIC class (seeded choice), shuffled together. */
  static List<Img> isic(Path data, int perClass, Random rng) throws IOException {
    List<Img> out = new ArrayList<>();
    for (SampleClass c : SampleClass.ISIC) {
      Path dir = data.resolve(ISIC_FIGURES).resolve(c.name());
      List<Path> files;
      try (Stream<Path> s = Files.list(dir)) {
        files = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList());
      }
      if (files.size() < perClass) throw new IOException(dir + ": " + files.size() + " images, need " + perClass);
      Collections.shuffle(files, rng);
      for (Path f : files.subList(0, perClass)) {
        byte[] bytes = Files.readAllBytes(f);
        BufferedImage px = ImageIO.read(new ByteArrayInputStream(bytes));
        if (px == null) throw new IOException(f + ": not a readable JPEG");
        out.add(new Img(c, data.relativize(f).toString(), bytes, px));
      }
    }
    Collections.shuffle(out, rng);
    return out;
  }

  /**
   * {@code perLabel} images of each label (label i = classes.get(i)) from the validation split, shuffled: the
   * probes fit on the train split and score on the test split, so figures a model trains on never come from either.
   */
  static List<Img> medmnist(Map<String, Npz.Array> npz, String file, List<SampleClass> classes, int perLabel, Random rng)
      throws IOException {
    Npz.Array x = npz.get(SPLIT + "_images"), y = npz.get(SPLIT + "_labels");
    if (x == null || y == null) throw new IOException(file + ": no " + SPLIT + "_images/" + SPLIT + "_labels");
    int[] shape = x.shape();
    int h = shape[1], w = shape[2];
    long[] labels = y.longs();
    byte[] px = x.uint8();
    List<Img> out = new ArrayList<>();
    for (int label = 0; label < classes.size(); label++) {
      List<Integer> idx = new ArrayList<>();
      for (int i = 0; i < labels.length; i++) if (labels[i] == label) idx.add(i);
      if (idx.size() < perLabel) throw new IOException(file + ": " + idx.size() + " " + SPLIT + " images of label " + label);
      Collections.shuffle(idx, rng);
      for (int i : idx.subList(0, perLabel)) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, Arrays.copyOfRange(px, i * w * h, (i + 1) * w * h));
        out.add(new Img(classes.get(label), file + "#" + SPLIT + "_images[" + i + "]", null, img));
      }
    }
    Collections.shuffle(out, rng);
    return out;
  }

  record Built(List<OaPackages.Entry> entries, List<Map<String, Object>> truth, Map<String, byte[]> imageOf) {}

  /** One synthetic article and the images it shows. */
  record Article(int pmcNumber, String title, List<String> subjects, List<Img> images, String ext, boolean doiHrefs,
                 String compoundTitle, String imageSource, boolean withMultiGraphicFigure, double compoundRate,
                 int minAge, int maxAge, boolean bench) {
    String pmcid() { return "PMC" + pmcNumber; }
    String doi() { return "10.5555/phenolip-sample." + pmcNumber; }

    Built build(Random rng, HpoCheck hpo) throws IOException {
      List<OaPackages.Entry> entries = new ArrayList<>();
      List<Map<String, Object>> truth = new ArrayList<>();
      Map<String, byte[]> imageOf = new LinkedHashMap<>();
      StringBuilder figs = new StringBuilder();
      List<String> figIds = new ArrayList<>();
      int i = 0, n = 0;
      while (i < images.size()) {
        n++;
        String figId = "F" + n;
        boolean multi = withMultiGraphicFigure && n == 3 && i + 1 < images.size();
        boolean compound = !multi && i + 1 < images.size() && rng.nextDouble() < compoundRate;
        List<Img> panels = images.subList(i, i + (multi || compound ? 2 : 1));
        i += panels.size();
        List<Template> tpl = panels.stream().map(p -> bench ? p.cls().benchTemplates() : p.cls().templates())
            .map(ts -> ts.get(rng.nextInt(ts.size()))).toList();

        String captionTitle, captionText;
        if (panels.size() == 1) {
          captionTitle = tpl.get(0).title();
          captionText = tpl.get(0).text();
        } else {
          captionTitle = compoundTitle;
          captionText = "(A) " + tpl.get(0).title() + " " + tpl.get(0).text() + " (B) " + tpl.get(1).title() + " " + tpl.get(1).text();
        }
        // a patient age varies otherwise identical template captions (no HPO term in it)
        captionText += " Patient aged " + (minAge + rng.nextInt(maxAge - minAge + 1)) + " years.";
        // the files and hrefs of this figure
        List<String> hrefs = new ArrayList<>(), entryNames = new ArrayList<>();
        List<int[]> boxes = new ArrayList<>();
        if (compound) {
          BufferedImage img = tile(panels.get(0).pixels(), panels.get(1).pixels(), boxes);
          addImage(entries, imageOf, hrefs, entryNames, n, "", encode(img, ext));
        } else {
          for (int p = 0; p < panels.size(); p++) {
            Img im = panels.get(p);
            byte[] bytes = im.original() != null ? im.original() : encode(im.pixels(), ext);
            addImage(entries, imageOf, hrefs, entryNames, n, multi ? String.valueOf((char) ('a' + p)) : "", bytes);
            boxes.add(new int[] {0, 0, im.pixels().getWidth(), im.pixels().getHeight()});
          }
        }
        figs.append("<fig id=\"").append(figId).append("\" position=\"float\"><label>Figure ").append(n).append("</label>")
            .append("<caption><title>").append(esc(captionTitle)).append("</title><p>").append(esc(captionText)).append("</p></caption>");
        for (String h : hrefs) figs.append("<graphic xlink:href=\"").append(esc(h)).append("\"/>");
        figs.append("</fig>\n");
        figIds.add(figId);

        LinkedHashSet<String> pos = new LinkedHashSet<>(), neg = new LinkedHashSet<>(), labels = new LinkedHashSet<>();
        LinkedHashSet<String> systems = new LinkedHashSet<>();
        List<Map<String, Object>> panelRows = new ArrayList<>();
        for (int p = 0; p < panels.size(); p++) {
          Template t = tpl.get(p);
          List<String> pIds = t.positive().stream().map(Term::id).toList();
          List<String> nIds = t.negated().stream().map(Term::id).toList();
          pos.addAll(pIds);
          neg.addAll(nIds);
          t.positive().forEach(term -> labels.add(term.label()));
          for (String id : pIds) systems.addAll(hpo.systems(id));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("panel", panels.size() == 1 ? null : String.valueOf((char) ('A' + p)));
          row.put("class", panels.get(p).cls().name());
          row.put("source_image", panels.get(p).source());
          row.put("image_file", compound ? entryNames.get(0) : entryNames.get(p));
          row.put("bbox", boxes.get(p));
          row.put("hpo_ids", pIds);
          row.put("negated_hpo_ids", nIds);
          panelRows.add(row);
        }
        neg.removeAll(pos); // a term asserted in one panel and negated in another counts as present
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("figure_id", pmcid() + "/" + figId);
        t.put("article_id", pmcid());
        t.put("split", bench ? "bench" : "train");
        t.put("package", pmcid() + ".tar.gz");
        t.put("image_file", entryNames.get(0));
        t.put("graphics", hrefs);
        t.put("class", panels.size() == 1 ? panels.get(0).cls().name() : null);
        t.put("hpo_ids", List.copyOf(pos));
        t.put("hpo_labels", List.copyOf(labels));
        t.put("negated_hpo_ids", List.copyOf(neg));
        t.put("system", panels.get(0).cls().system());
        t.put("modality", panels.get(0).cls().modality());
        t.put("anatomical_systems", List.copyOf(new java.util.TreeSet<>(systems)));
        t.put("compound", compound);
        t.put("multi_graphic", multi);
        t.put("panels", panelRows);
        t.put("caption", captionTitle + " " + captionText);
        truth.add(t);
      }
      entries.add(0, new OaPackages.Entry(pmcid() + "/" + pmcid() + ".nxml", nxml(figs, figIds).getBytes(StandardCharsets.UTF_8)));
      return new Built(entries, truth, imageOf);
    }

    private void addImage(List<OaPackages.Entry> entries, Map<String, byte[]> imageOf, List<String> hrefs,
                          List<String> entryNames, int n, String suffix, byte[] bytes) {
      String stem = doiHrefs ? "phenolip-sample." + pmcNumber + ".g" + String.format("%03d", n) + suffix
          : pmcid() + "-g" + String.format("%03d", n) + suffix;
      String entry = pmcid() + "/" + stem + "." + ext;
      hrefs.add(doiHrefs ? "info:doi/10.5555/" + stem : stem); // PMC hrefs carry no extension
      entryNames.add(entry);
      entries.add(new OaPackages.Entry(entry, bytes));
      imageOf.put(entry, bytes);
    }

    private String nxml(StringBuilder figs, List<String> figIds) {
      StringBuilder body = new StringBuilder();
      body.append("<sec id=\"s1\"><title>Introduction</title><p>This article is synthetic: its text was generated from templates for the "
          + "PhenoLIP sample, and its figures show real images from ").append(esc(imageSource))
          .append(". Captions name Human Phenotype Ontology terms.</p></sec>\n<sec id=\"s2\"><title>Case series</title>\n");
      for (int g = 0; g < figIds.size(); g += 3) {
        List<String> group = figIds.subList(g, Math.min(figIds.size(), g + 3));
        body.append("<p>Representative case ").append(g / 3 + 1).append(" is shown in <xref ref-type=\"fig\" rid=\"")
            .append(group.get(0)).append("\">Figure ").append(group.get(0).substring(1)).append("</xref>");
        if (group.size() > 1) {
          List<String> rest = group.subList(1, group.size());
          body.append("; related cases appear in <xref ref-type=\"fig\" rid=\"").append(String.join(" ", rest))
              .append(rest.size() == 1 ? "\">Figure " : "\">Figures ")
              .append(String.join(" and ", rest.stream().map(s -> s.substring(1)).toList())).append("</xref>");
        }
        body.append(".</p>\n");
      }
      body.append("</sec>");
      return """
          <?xml version="1.0" encoding="UTF-8"?>
          <!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
          <article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:ali="http://www.niso.org/schemas/ali/1.0/" article-type="case-report" dtd-version="1.2">
          <front>
          <journal-meta><journal-id journal-id-type="nlm-ta">PhenoLIP Synth Sample</journal-id><journal-title-group><journal-title>%s</journal-title></journal-title-group></journal-meta>
          <article-meta>
          <article-id pub-id-type="pmc">%s</article-id>
          <article-id pub-id-type="doi">%s</article-id>
          <article-categories><subj-group subj-group-type="heading">%s</subj-group></article-categories>
          <title-group><article-title>%s</article-title></title-group>
          <pub-date pub-type="epub"><day>13</day><month>8</month><year>2024</year></pub-date>
          <permissions><license license-type="cc-by" xlink:href="https://creativecommons.org/licenses/by/4.0/"><ali:license_ref>https://creativecommons.org/licenses/by/4.0/</ali:license_ref><license-p>Synthetic article text: CC BY 4.0. The figure images keep their source licences: %s.</license-p></license></permissions>
          </article-meta>
          </front>
          <body>
          %s
          </body>
          <floats-group>
          %s</floats-group>
          </article>
          """.formatted(esc(JOURNAL), pmcNumber, doi(), subjects.stream().map(s -> "<subject>" + esc(s) + "</subject>")
              .reduce("", String::concat), esc(title), esc(imageSource), body, figs);
    }
  }

  /** Two images side by side on white, 4 px apart; their boxes are appended to {@code boxes}. */
  static BufferedImage tile(BufferedImage a, BufferedImage b, List<int[]> boxes) {
    int gap = 4, w = a.getWidth() + gap + b.getWidth(), h = Math.max(a.getHeight(), b.getHeight());
    BufferedImage out = new BufferedImage(w, h, a.getType() == BufferedImage.TYPE_BYTE_GRAY ? BufferedImage.TYPE_BYTE_GRAY
        : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.drawImage(a, 0, 0, null);
    g.drawImage(b, a.getWidth() + gap, 0, null);
    g.dispose();
    boxes.add(new int[] {0, 0, a.getWidth(), a.getHeight()});
    boxes.add(new int[] {a.getWidth() + gap, 0, b.getWidth(), b.getHeight()});
    return out;
  }

  static byte[] encode(BufferedImage img, String ext) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if ("png".equals(ext)) {
      if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer");
      return out.toByteArray();
    }
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpg").next();
    ImageWriteParam p = w.getDefaultWriteParam();
    p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    p.setCompressionQuality(0.92f);
    try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
    return out.toByteArray();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Reads the package back: no rejects, one figure per truth line, same caption, same image bytes. */
  static void verify(Path file, byte[] pkg, Built b) {
    ParsedArticle p = PmcReader.read(SourceDocument.of(file.toString(), pkg));
    if (p.isRejected() || !p.rejects().isEmpty()) throw new IllegalStateException(file + ": " + p.rejects());
    if (p.figures().size() != b.truth().size()) {
      throw new IllegalStateException(file + ": read " + p.figures().size() + " figures, wrote " + b.truth().size());
    }
    for (int i = 0; i < p.figures().size(); i++) {
      Figure f = p.figures().get(i);
      Map<String, Object> t = b.truth().get(i);
      if (!f.figureId().equals(t.get("figure_id")) || !f.caption().equals(t.get("caption"))
          || !t.get("image_file").equals(f.imageName()) || !Arrays.equals(f.image(), b.imageOf().get(f.imageName()))) {
        throw new IllegalStateException(file + ": figure " + f.figureId() + " does not read back as written");
      }
    }
  }

  static {
    // headless: no display is needed to compose images
    System.setProperty("java.awt.headless", "true");
  }

}
