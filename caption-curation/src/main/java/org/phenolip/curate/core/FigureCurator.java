package org.phenolip.curate.core;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.phenolip.curate.align.PanelAligner;
import org.phenolip.curate.align.PanelLetterOcr;
import org.phenolip.curate.caption.SubcaptionSplitter;
import org.phenolip.curate.domain.DomainClassifier;
import org.phenolip.curate.domain.DomainTagger;
import org.phenolip.curate.image.FigureImages;
import org.phenolip.curate.refine.RuleRefiner;
import org.phenolip.curate.subfigure.Box;
import org.phenolip.curate.subfigure.PanelDetector;
import org.phenolip.curate.subfigure.XyCutDetector;
import org.phenolip.kg.linking.Mention;
import org.phenolip.kg.linking.PhenotypeLinker;

/**
 * One figure in, its curated subfigure–subcaption pairs and rejects out (no Spark): decode, detect
 * panels, split the caption, align, tag the domain, refine, re-link phenotypes on the subcaption,
 * filter. Every step counts what it did in {@link Result#counts()}.
 */
public final class FigureCurator implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Filter settings; every filter's drops are counted under {@code filter:<reason>}. */
  public record Settings(int minCaptionChars, int maxCaptionChars, int minSide, double maxAspect,
                         boolean requirePhenotype, boolean ocr) implements Serializable {
    public static Settings defaults() { return new Settings(10, 4000, 24, 6.0, true, true); }
  }

  public record Input(String figureId, String articleId, String caption, byte[] image, String imageName,
                      String title, List<String> subjects, String journal) implements Serializable {}

  public record Panel(String subfigureId, String figureId, String articleId, int panelIndex, List<String> labels,
                      Box box, String alignment, String alignmentReason, String subcaption, String fullSubcaption,
                      String refinedCaption, String refineMethod, String domain, String modality, String domainCue,
                      String domainSource, Double domainProb, long imageHash, byte[] crop, List<Mention> links) implements Serializable {}

  public record Reject(String source, String stage, String reason, String detail) implements Serializable {}

  public record Result(List<Panel> panels, List<Reject> rejects, Map<String, Long> counts) implements Serializable {}

  private final PhenotypeLinker linker;
  private final Settings settings;
  private final PanelDetector detector;
  private final DomainClassifier classifier;
  private final SubcaptionSplitter splitter = new SubcaptionSplitter();
  private final PanelAligner aligner = new PanelAligner();
  private final DomainTagger tagger = new DomainTagger();
  private final RuleRefiner refiner = new RuleRefiner();

  public FigureCurator(PhenotypeLinker linker, Settings settings) {
    this(linker, settings, new XyCutDetector());
  }

  public FigureCurator(PhenotypeLinker linker, Settings settings, PanelDetector detector) {
    this(linker, settings, detector, null);
  }

  /** @param classifier the image-domain classifier run on crops whose caption has no domain cue; null: rules only */
  public FigureCurator(PhenotypeLinker linker, Settings settings, PanelDetector detector, DomainClassifier classifier) {
    this.linker = linker;
    this.settings = settings;
    this.detector = detector;
    this.classifier = classifier;
  }

  public Result curate(Input in) {
    Map<String, Long> counts = new TreeMap<>();
    List<Reject> rejects = new ArrayList<>();
    List<Panel> out = new ArrayList<>();
    count(counts, "figures_in");
    String caption = in.caption() == null ? "" : in.caption().strip();
    if (in.image() == null) {
      rejects.add(new Reject(in.figureId(), "decode", "image-missing", in.imageName()));
      count(counts, "reject:image-missing");
      return new Result(out, rejects, counts);
    }
    BufferedImage img;
    try {
      img = FigureImages.decode(in.image());
    } catch (FigureImages.Rejected e) {
      rejects.add(new Reject(in.figureId(), "decode", e.reason(), e.getMessage()));
      count(counts, "reject:" + e.reason());
      return new Result(out, rejects, counts);
    }
    List<Box> boxes = detector.detect(img);
    var split = splitter.split(caption);
    if (split.compound()) count(counts, "captions_compound");
    if (boxes.size() > 1) count(counts, "figures_multi_panel");
    PanelLetterOcr ocr = settings.ocr() ? PanelLetterOcr.create() : null;
    var alignment = aligner.align(split, boxes, img, ocr);
    count(counts, "alignment:" + alignment.method());
    int k = 0;
    for (PanelAligner.Pair p : alignment.pairs()) {
      String id = in.figureId() + "#" + k;
      int index = k++;
      count(counts, "subfigures");
      Box b = clip(p.box(), img);
      String text = p.fullText();
      String reason = filter(b, p.subcaption());
      if (reason != null) {
        rejects.add(new Reject(id, "filter", reason, b + " " + p.subcaption().length() + " chars"));
        count(counts, "filter:" + reason);
        continue;
      }
      List<Mention> links = bestLinks(text);
      if (links.isEmpty() && settings.requirePhenotype()) {
        rejects.add(new Reject(id, "filter", "no-phenotype-link", null));
        count(counts, "filter:no-phenotype-link");
        continue;
      }
      BufferedImage crop = img.getSubimage(b.x(), b.y(), b.w(), b.h());
      var tag = tagger.tag(text, in.title(), in.subjects(), in.journal(), classifier == null ? null : () -> classifier.classify(crop));
      count(counts, "domain:" + tag.domain());
      count(counts, "domain_source:" + tag.source());
      out.add(new Panel(id, in.figureId(), in.articleId(), index, p.labels(), b, alignment.method(), alignment.reason(),
          p.subcaption(), text, refiner.refine(text), RuleRefiner.VERSION, tag.domain(), tag.modality(), tag.cue(),
          tag.source(), tag.prob(),           ImageHash.dHash(crop), encode(crop, in.imageName()), links));
      count(counts, "subfigures_kept");
    }
    return new Result(out, rejects, counts);
  }

  private String filter(Box b, String subcaption) {
    int n = subcaption == null ? 0 : subcaption.strip().length();
    if (n < settings.minCaptionChars()) return "caption-too-short";
    if (n > settings.maxCaptionChars()) return "caption-too-long";
    if (Math.min(b.w(), b.h()) < settings.minSide()) return "image-too-small";
    if (Math.max((double) b.w() / b.h(), (double) b.h() / b.w()) > settings.maxAspect()) return "image-aspect";
    return null;
  }

  /**
   * Non-negated mentions, the most confident per term; a subcaption that only negates phenotypes
   * ("no evidence of pneumonia") is a normal finding, linked by its negated mentions.
   */
  private List<Mention> bestLinks(String text) {
    List<Mention> mentions = linker.link(text);
    List<Mention> asserted = Mention.bestPerTerm(mentions, false);
    return asserted.isEmpty() ? Mention.bestPerTerm(mentions, true) : asserted;
  }

  private static Box clip(Box b, BufferedImage img) {
    int x = Math.max(0, b.x()), y = Math.max(0, b.y());
    int w = Math.min(b.right(), img.getWidth()) - x, h = Math.min(b.bottom(), img.getHeight()) - y;
    return new Box(x, y, Math.max(1, w), Math.max(1, h));
  }

  /** PNG when the figure was PNG (lossless stays lossless), else JPEG at quality 0.92. */
  static byte[] encode(BufferedImage crop, String name) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (name != null && name.toLowerCase(Locale.ROOT).endsWith(".png")) {
        ImageIO.write(crop, "png", out);
        return out.toByteArray();
      }
      BufferedImage rgb = crop;
      if (crop.getType() != BufferedImage.TYPE_INT_RGB && crop.getType() != BufferedImage.TYPE_3BYTE_BGR
          && crop.getType() != BufferedImage.TYPE_BYTE_GRAY) {
        rgb = new BufferedImage(crop.getWidth(), crop.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(crop, 0, 0, null);
      }
      ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.92f);
      try (var ios = ImageIO.createImageOutputStream(out)) {
        w.setOutput(ios);
        w.write(null, new IIOImage(rgb, null, null), p);
      } finally {
        w.dispose();
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void count(Map<String, Long> c, String k) {
    c.merge(k, 1L, Long::sum);
  }
}
