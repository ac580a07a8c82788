package org.phenolip.curate.subfigure;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Panel detection without a trained model: recursive XY-cut along uniform lines.
 *
 * <ul>
 *   <li>Background: the colour of the figure's full-width rows and full-height columns that are flat
 *       (a reference colour, the one most of five evenly spaced samples agree on, within
 *       {@code colorTolerance} per channel for all but {@code tolerance} of the pixels); the most common
 *       such colour wins, whatever it is (white space, black, grey or coloured gutters). A figure with
 *       no flat full line has no gutter to cut along: one panel.</li>
 *   <li>A row (or column) of a region is <em>gutter</em> when all but {@code tolerance} of its pixels
 *       are within {@code colorTolerance} of the background: JPEG noise, a thin border or a panel letter
 *       crossing the line are tolerated, while flat areas inside a photo (skin, sky) are not gutter
 *       unless they have the background's colour.</li>
 *   <li>Each region first loses its uniform margins (which also strips thin panel borders); then the
 *       widest run of uniform rows or columns (at least {@code minGap} pixels) chooses the direction and
 *       the region is cut along every such run in that direction; the pieces recurse.</li>
 *   <li>Slivers (short side under {@code minSideFraction} of the figure's, or area under
 *       {@code minAreaFraction}) and text strips (aspect over {@code maxAspect}) are dropped; if nothing
 *       is left the figure is one panel.</li>
 *   <li>Boxes come in reading order: rows of boxes whose vertical extents overlap, top to bottom, each
 *       left to right.</li>
 * </ul>
 * Thread-safe (no state besides its settings).
 */
public final class XyCutDetector implements PanelDetector, Serializable {
  private static final long serialVersionUID = 1L;

  private final int colorTolerance;
  private final int meanTolerance = 10;
  private final double tolerance;
  private final int minGap;
  private final double minSideFraction;
  private final double minAreaFraction;
  private final double maxAspect;

  public XyCutDetector() {
    this(48, 0.03, 2, 0.06, 0.015, 6.0);
  }

  public XyCutDetector(int colorTolerance, double tolerance, int minGap, double minSideFraction,
                       double minAreaFraction, double maxAspect) {
    this.colorTolerance = colorTolerance;
    this.tolerance = tolerance;
    this.minGap = minGap;
    this.minSideFraction = minSideFraction;
    this.minAreaFraction = minAreaFraction;
    this.maxAspect = maxAspect;
  }

  @Override public String name() { return "xycut-v1"; }

  @Override
  public List<Box> detect(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = image.getRGB(0, 0, w, h, null, 0, w);
    Integer bg = background(px, w, h);
    if (bg == null) return List.of(new Box(0, 0, w, h));
    Pixels p = new Pixels(px, w, h, bg);
    List<Box> raw = new ArrayList<>();
    cut(p, 0, 0, w, h, 0, raw);
    List<Box> kept = new ArrayList<>();
    double minSide = minSideFraction * Math.min(w, h);
    for (Box b : raw) {
      if (Math.min(b.w(), b.h()) < Math.max(4, minSide)) continue;                // sliver, glyph
      if (b.area() < minAreaFraction * w * h) continue;                           // speck, letter
      double aspect = Math.max((double) b.w() / b.h(), (double) b.h() / b.w());
      if (aspect > maxAspect) continue;                                           // text strip
      kept.add(b);
    }
    if (kept.isEmpty()) {
      Box whole = trimmed(p, 0, 0, w, h);
      return List.of(whole == null ? new Box(0, 0, w, h) : whole);
    }
    return readingOrder(kept);
  }

  private record Pixels(int[] px, int w, int h, int bg) {}

  /** The most common colour of the flat full-width rows and full-height columns; null if there are none. */
  private Integer background(int[] px, int w, int h) {
    List<Integer> flat = new ArrayList<>();
    for (int y = 0; y < h; y++) {
      int ref = reference(px, y * w, 1, w);
      if (count(px, y * w, 1, w, ref) >= (1 - tolerance) * w) flat.add(ref);
    }
    for (int x = 0; x < w; x++) {
      int ref = reference(px, x, w, h);
      if (count(px, x, w, h, ref) >= (1 - tolerance) * h) flat.add(ref);
    }
    if (flat.isEmpty()) return null;
    int best = flat.get(0);
    int bestVotes = -1;
    int stride = Math.max(1, flat.size() / 64); // votes from a sample: the colours repeat
    for (int i = 0; i < flat.size(); i += stride) {
      int votes = 0;
      for (int j = 0; j < flat.size(); j += stride) if (close(flat.get(i), flat.get(j))) votes++;
      if (votes > bestVotes) {
        bestVotes = votes;
        best = flat.get(i);
      }
    }
    return best;
  }

  /** Pixels within the strict flatness tolerance (a third of the gutter one): smooth skin is not flat. */
  private int count(int[] px, int start, int step, int n, int ref) {
    int c = 0;
    int strict = colorTolerance / 3;
    for (int i = 0, k = start; i < n; i++, k += step) if (distance(px[k], ref) <= strict) c++;
    return c;
  }

  private void cut(Pixels p, int x0, int y0, int x1, int y1, int depth, List<Box> out) {
    Box t = trimmed(p, x0, y0, x1, y1);
    if (t == null) return; // all uniform: empty space
    x0 = t.x(); y0 = t.y(); x1 = t.right(); y1 = t.bottom();
    if (depth > 12 || x1 - x0 < 2 * minGap + 2 || y1 - y0 < 2 * minGap + 2) {
      out.add(t);
      return;
    }
    List<int[]> rowGaps = gaps(p, x0, y0, x1, y1, true);
    List<int[]> colGaps = gaps(p, x0, y0, x1, y1, false);
    int bestRow = widest(rowGaps);
    int bestCol = widest(colGaps);
    if (bestRow == 0 && bestCol == 0) {
      out.add(t);
      return;
    }
    boolean rows = bestRow >= bestCol;
    List<int[]> g = rows ? rowGaps : colGaps;
    int from = rows ? y0 : x0;
    for (int[] gap : g) {
      if (rows) cut(p, x0, from, x1, gap[0], depth + 1, out);
      else cut(p, from, y0, gap[0], y1, depth + 1, out);
      from = gap[1];
    }
    if (rows) cut(p, x0, from, x1, y1, depth + 1, out);
    else cut(p, from, y0, x1, y1, depth + 1, out);
  }

  private static int widest(List<int[]> gaps) {
    int best = 0;
    for (int[] g : gaps) best = Math.max(best, g[1] - g[0]);
    return best;
  }

  /** Interior runs [start, end) of uniform rows (or columns) at least minGap long. */
  private List<int[]> gaps(Pixels p, int x0, int y0, int x1, int y1, boolean rows) {
    List<int[]> out = new ArrayList<>();
    int lo = rows ? y0 : x0;
    int hi = rows ? y1 : x1;
    int run = -1;
    for (int i = lo; i < hi; i++) {
      boolean u = rows ? uniformRow(p, i, x0, x1) : uniformCol(p, i, y0, y1);
      if (u && run < 0) run = i;
      if (!u && run >= 0) {
        if (i - run >= minGap && run > lo) out.add(new int[] {run, i});
        run = -1;
      }
    }
    return out; // a run reaching hi is a margin, trimmed already
  }

  /** The region without its uniform margins; null if nothing but uniform lines. */
  private Box trimmed(Pixels p, int x0, int y0, int x1, int y1) {
    while (y0 < y1 && uniformRow(p, y0, x0, x1)) y0++;
    while (y1 > y0 && uniformRow(p, y1 - 1, x0, x1)) y1--;
    while (x0 < x1 && uniformCol(p, x0, y0, y1)) x0++;
    while (x1 > x0 && uniformCol(p, x1 - 1, y0, y1)) x1--;
    if (x1 <= x0 || y1 <= y0) return null;
    return new Box(x0, y0, x1 - x0, y1 - y0);
  }

  private boolean uniformRow(Pixels p, int y, int x0, int x1) {
    return uniform(p.px, y * p.w + x0, 1, x1 - x0, p.bg);
  }

  private boolean uniformCol(Pixels p, int x, int y0, int y1) {
    return uniform(p.px, y0 * p.w + x, p.w, y1 - y0, p.bg);
  }

  private boolean uniform(int[] px, int start, int step, int n, int ref) {
    if (n <= 0) return true;
    int allowed = (int) (tolerance * n);
    int bad = 0;
    long dev = 0;
    for (int i = 0, k = start; i < n; i++, k += step) {
      int d = distance(px[k], ref);
      if (d > colorTolerance) {
        if (++bad > allowed) return false;
      } else {
        dev += d;
      }
    }
    // JPEG ringing in a narrow gutter strays far but averages low; a pale flat area sits off the background throughout
    return dev <= (long) meanTolerance * (n - bad);
  }

  private static int distance(int a, int b) {
    return Math.max(Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)),
        Math.max(Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)), Math.abs((a & 255) - (b & 255))));
  }

  /** Of five evenly spaced samples, the one most others agree with. */
  private int reference(int[] px, int start, int step, int n) {
    int[] s = new int[5];
    for (int i = 0; i < 5; i++) s[i] = px[start + (int) ((long) (n - 1) * i / 4) * step];
    int best = s[0];
    int bestVotes = -1;
    for (int i = 0; i < 5; i++) {
      int votes = 0;
      for (int j = 0; j < 5; j++) if (close(s[i], s[j])) votes++;
      if (votes > bestVotes) {
        bestVotes = votes;
        best = s[i];
      }
    }
    return best;
  }

  private boolean close(int a, int b) {
    return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) <= colorTolerance
        && Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) <= colorTolerance
        && Math.abs((a & 255) - (b & 255)) <= colorTolerance;
  }

  /** Rows of boxes whose vertical extents overlap by half the smaller height, top to bottom, each left to right. */
  public static List<Box> readingOrder(List<Box> boxes) {
    List<Box> byTop = new ArrayList<>(boxes);
    byTop.sort(Comparator.comparingInt(Box::y).thenComparingInt(Box::x));
    List<List<Box>> rows = new ArrayList<>();
    List<int[]> extents = new ArrayList<>();
    for (Box b : byTop) {
      boolean placed = false;
      for (int r = 0; r < rows.size() && !placed; r++) {
        int[] e = extents.get(r);
        int overlap = Math.min(e[1], b.bottom()) - Math.max(e[0], b.y());
        if (overlap >= 0.5 * Math.min(e[1] - e[0], b.h())) {
          rows.get(r).add(b);
          e[0] = Math.min(e[0], b.y());
          e[1] = Math.max(e[1], b.bottom());
          placed = true;
        }
      }
      if (!placed) {
        rows.add(new ArrayList<>(List.of(b)));
        extents.add(new int[] {b.y(), b.bottom()});
      }
    }
    List<Box> out = new ArrayList<>();
    for (List<Box> row : rows) {
      row.sort(Comparator.comparingInt(Box::x));
      out.addAll(row);
    }
    return out;
  }
}
