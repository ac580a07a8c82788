package org.phenolip.curate.align;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import net.sourceforge.tess4j.ITessAPI;
import java.nio.ByteBuffer;
import net.sourceforge.tess4j.TessAPI;
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

  /** One TessBaseAPI handle per thread, through Tess4J's plain JNA binding (its Leptonica binding needs a newer leptonica than Debian's). */
  private final ThreadLocal<TessAPI.TessBaseAPI> tess = ThreadLocal.withInitial(() -> {
    TessAPI api = TessAPI.INSTANCE;
    TessAPI.TessBaseAPI h = api.TessBaseAPICreate();
    if (api.TessBaseAPIInit3(h, datapath, "eng") != 0) throw new IllegalStateException("tesseract init failed for " + datapath);
    api.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
    api.TessBaseAPISetPageSegMode(h, ITessAPI.TessPageSegMode.PSM_SINGLE_CHAR);
    api.TessBaseAPISetVariable(h, "tessedit_char_whitelist", "ABCDEFGHIJKLabcdefghijkl");
    return h;
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
          linkVersionedLibraries();
          PanelLetterOcr probe = new PanelLetterOcr();
          probe.read(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB));
          status = "on: tesseract, data " + datapath;
        } catch (Throwable e) { // UnsatisfiedLinkError, TesseractException
          String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
          status = "off: tesseract library not usable (" + e.getClass().getSimpleName() + ": " + msg + ")";
        }
      }
    }
    return status.startsWith("on") ? new PanelLetterOcr() : null;
  }

  /**
   * Debian's runtime packages ship {@code libtesseract.so.5} and {@code liblept.so.5} but not the
   * unversioned names JNA looks for ({@code -dev} packages add those): link them in a private temp
   * folder and put it on {@code jna.library.path}.
   */
  private static void linkVersionedLibraries() throws java.io.IOException {
    Path libdir = Path.of("/usr/lib/x86_64-linux-gnu");
    Path tess = libdir.resolve("libtesseract.so.5");
    Path lept = libdir.resolve("liblept.so.5");
    if (!Files.exists(tess) || !Files.exists(lept) || Files.exists(libdir.resolve("libtesseract.so"))) return;
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "phenolip-tesseract-libs-" + System.getProperty("user.name"));
    Files.createDirectories(dir);
    for (String[] l : new String[][] {{"libtesseract.so", tess.toString()}, {"libleptonica.so", lept.toString()}, {"liblept.so", lept.toString()}}) {
      Path link = dir.resolve(l[0]);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of(l[1]));
    }
    String cur = System.getProperty("jna.library.path");
    System.setProperty("jna.library.path", cur == null ? dir.toString() : cur + ":" + dir);
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
      String t = ocr(big).strip();
      return t.length() == 1 && Character.isLetter(t.charAt(0)) ? t.toUpperCase(Locale.ROOT) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Text in a grey image. */
  private String ocr(BufferedImage grey) {
    int w = grey.getWidth();
    int h = grey.getHeight();
    byte[] px = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
    ByteBuffer buf = ByteBuffer.allocateDirect(px.length);
    buf.put(px).flip();
    TessAPI api = TessAPI.INSTANCE;
    TessAPI.TessBaseAPI hd = tess.get();
    api.TessBaseAPISetImage(hd, buf, w, h, 1, w);
    com.sun.jna.Pointer p = api.TessBaseAPIGetUTF8Text(hd);
    if (p == null) return "";
    try {
      return p.getString(0, "UTF-8");
    } finally {
      api.TessDeleteText(p);
    }
  }
}
