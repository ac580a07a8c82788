package org.phenolip.curate.align;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.phenolip.curate.caption.SubcaptionSplitter.Split;
import org.phenolip.curate.caption.SubcaptionSplitter.Subcaption;
import org.phenolip.curate.subfigure.Box;

/**
 * Matches detected panels (in reading order) to subcaptions.
 * <ol>
 *   <li>Panel letters read from the image (OCR, when on) decide when every panel's letter was read,
 *       the letters are distinct and the caption names exactly those letters.</li>
 *   <li>Otherwise, when the caption names as many panels as were detected, by reading order: the
 *       i-th letter (A, B, ...) is the i-th panel; position words by their row (top/upper, middle,
 *       bottom/lower) and column (left, middle, right).</li>
 *   <li>Otherwise the whole figure stays with the whole caption, and the reason says why.</li>
 * </ol>
 */
public final class PanelAligner implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One curated pair; {@code labels} empty for a whole figure. */
  public record Pair(Box box, List<String> labels, String subcaption, String fullText) implements Serializable {}

  /** {@code method}: single, ocr, reading-order, position, whole-figure; {@code reason} for whole-figure. */
  public record Alignment(List<Pair> pairs, String method, String reason) implements Serializable {}

  public Alignment align(Split split, List<Box> panels, BufferedImage image, PanelLetterOcr ocr) {
    Box whole = image == null ? union(panels) : new Box(0, 0, image.getWidth(), image.getHeight());
    String caption = split.caption() == null ? "" : split.caption().strip();
    if (!split.compound()) {
      if (panels.size() == 1) {
        Subcaption s = split.subcaptions().get(0);
        return new Alignment(List.of(new Pair(panels.get(0), List.of(), s.text(), s.fullText())), "single", null);
      }
      return wholeFigure(whole, caption, "caption-not-compound: " + panels.size() + " panels detected");
    }
    List<String> labels = split.allLabels();
    Map<String, Subcaption> byLabel = new HashMap<>();
    for (Subcaption s : split.subcaptions()) for (String l : s.labels()) byLabel.put(l, s);
    boolean letters = labels.stream().allMatch(l -> l.length() == 1);

    if (letters && ocr != null && image != null && panels.size() > 1) {
      List<String> read = new ArrayList<>();
      for (Box b : panels) read.add(ocr.letter(image, b));
      if (!read.contains(null) && new HashSet<>(read).size() == read.size() && new HashSet<>(read).equals(new HashSet<>(labels))) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) out.add(pair(panels.get(i), read.get(i), byLabel.get(read.get(i))));
        return new Alignment(out, "ocr", null);
      }
    }
    if (labels.size() != panels.size()) {
      return wholeFigure(whole, caption, "count-mismatch: caption names " + labels.size() + " panels, image has " + panels.size());
    }
    List<String> order = new ArrayList<>(labels);
    if (letters) {
      order.sort(Comparator.naturalOrder());
    } else {
      order.sort(Comparator.comparingInt((String l) -> row(l)).thenComparingInt(PanelAligner::col));
    }
    List<Pair> out = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) out.add(pair(panels.get(i), order.get(i), byLabel.get(order.get(i))));
    return new Alignment(out, letters ? "reading-order" : "position", null);
  }

  private static Pair pair(Box b, String label, Subcaption s) {
    return new Pair(b, List.of(label), s.text(), s.fullText());
  }

  private static Alignment wholeFigure(Box whole, String caption, String reason) {
    return new Alignment(List.of(new Pair(whole, List.of(), caption, caption)), "whole-figure", reason);
  }

  private static int row(String l) {
    if (l.contains("top") || l.contains("upper")) return 0;
    if (l.contains("bottom") || l.contains("lower")) return 2;
    return 1;
  }

  private static int col(String l) {
    if (l.contains("left")) return 0;
    if (l.contains("right")) return 2;
    return 1;
  }

  private static Box union(List<Box> bs) {
    int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = 0, y1 = 0;
    for (Box b : bs) {
      x0 = Math.min(x0, b.x()); y0 = Math.min(y0, b.y());
      x1 = Math.max(x1, b.right()); y1 = Math.max(y1, b.bottom());
    }
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }
}
