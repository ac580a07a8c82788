package org.phenolip.curate.align;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.Tesseract;
import org.phenolip.curate.subfigure.Box;

/**
 * Reads a panel's letter ("A", "b") near its top-left corner with Tesseract (Tess4J over Debian's
 * {@code tesseract-ocr}; {@code bin/setup-debian.sh curation} installs it). Off, with the reason in
 * {@link #status()}, when the English data or the library is missing; callers then align by reading
 * order. One Tesseract handle per thread (they are not thread-safe).
 */
public final class PanelLetterOcr {
  private static final List<String> TESSDATA = List.of("/usr/share/tesseract-ocr/5/tessdata",
      "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata");
  private static volatile String status;
  private static volatile String datapath;

  private final ThreadLocal<Tesseract> tess = ThreadLocal.withInitial(() -> {
    Tesseract t = new Tesseract();
    t.setDatapath(datapath);
    t.setLanguage("eng");
    t.setPageSegMode(ITessAPI.TessPageSegMode.PSM_SINGLE_CHAR);
    t.setVariable("tessedit_char_whitelist", "ABCDEFGHIJKLabcdefghijkl");
    t.setVariable("debug_file", "/dev/null");
    return t;
  });

  private PanelLetterOcr() {}

  /** The OCR step, or null when it is off; {@link #status()} says why. */
  public static synchronized PanelLetterOcr create() {
    if (status == null) {
      String env = System.getenv("TESSDATA_PREFIX");
      for (String d : env == null ? TESSDATA : List.of(env)) {
        if (Files.exists(Path.of(d, "eng.traineddata"))) datapath = d;
      }
      if (datapath == null) {
        status = "off: no eng.traineddata (install with bin/setup-debian.sh curation)";
      } else {
        try {
          PanelLetterOcr probe = new PanelLetterOcr();
          probe.tess.get().doOCR(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB));
          status = "on: tesseract, data " + datapath;
        } catch (Throwable e) { // UnsatisfiedLinkError, TesseractException
          status = "off: tesseract library not usable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        }
      }
    }
    return status.startsWith("on") ? new PanelLetterOcr() : null;
  }

  public static String status() {
    create();
    return status;
  }

  /** The letter at the panel's top-left corner (inside the panel or just above it), upper-case, or null. */
  public String letter(BufferedImage fig, Box b) {
    int side = Math.max(12, Math.min(48, Math.min(b.w(), b.h()) / 4));
    for (int[] at : new int[][] {{b.x(), b.y()}, {b.x(), b.y() - side}, {b.x() - side / 2, b.y() - side / 2}}) {
      int x = Math.max(0, at[0]);
      int y = Math.max(0, at[1]);
      int w = Math.min(side, fig.getWidth() - x);
      int h = Math.min(side, fig.getHeight() - y);
      if (w < 8 || h < 8) continue;
      String s = read(fig.getSubimage(x, y, w, h));
      if (s != null) return s;
    }
    return null;
  }

  private String read(BufferedImage crop) {
    // Tesseract wants text about 30 px high on a clean background: scale up 3x, grey.
    BufferedImage big = new BufferedImage(crop.getWidth() * 3, crop.getHeight() * 3, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = big.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(crop, 0, 0, big.getWidth(), big.getHeight(), null);
    g.dispose();
    try {
      String t = tess.get().doOCR(big).strip();
      return t.length() == 1 && Character.isLetter(t.charAt(0)) ? t.toUpperCase(Locale.ROOT) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
