package org.phenolip.curate.subfigure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.phenolip.core.io.Npz;

/**
 * Compound figures with known panel boxes, built from real images (ISIC dermoscopy JPEGs and
 * MedMNIST chest X-ray / breast ultrasound scans in {@code data/images}): grid and L-shaped layouts
 * of 1–9 panels, gutters 2–24 px wide in white, black, grey or a random colour, thin dark borders,
 * panel letters in the gutter or on the panel, outer margins, and JPEG re-encoding.
 */
public final class SyntheticCompounds {
  public record Compound(BufferedImage image, byte[] encoded, List<Box> panels, String layout,
                         int gutter, String gutterColor, boolean borders, String letters, List<String> sources) {}

  private final List<BufferedImage> pool = new ArrayList<>();
  private final List<String> poolNames = new ArrayList<>();

  public SyntheticCompounds(Path data, int isic, int medmnist, long seed) throws IOException {
    Random rng = new Random(seed);
    List<Path> jpgs;
    try (Stream<Path> s = Files.walk(data.resolve("images/isic_9class/train_subset"))) {
      jpgs = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList());
    }
    java.util.Collections.shuffle(jpgs, rng);
    for (Path p : jpgs.subList(0, Math.min(isic, jpgs.size()))) {
      pool.add(ImageIO.read(p.toFile()));
      poolNames.add(data.relativize(p).toString());
    }
    for (String f : List.of("pneumoniamnist.npz", "breastmnist.npz")) {
      Map<String, Npz.Array> npz = Npz.read(data.resolve("images/medmnist/" + f));
      Npz.Array a = npz.get("test_images");
      byte[] px = a.uint8();
      int n = a.shape()[0];
      int side = a.shape()[1];
      for (int k = 0; k < medmnist / 2; k++) {
        int idx = rng.nextInt(n);
        BufferedImage g = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            int v = px[idx * side * side + y * side + x] & 255;
            g.setRGB(x, y, (v << 16) | (v << 8) | v);
          }
        }
        pool.add(g);
        poolNames.add("images/medmnist/" + f + "#test_images[" + idx + "]");
      }
    }
  }

  public int poolSize() { return pool.size(); }

  public Compound generate(Random rng) {
    int rows;
    int cols;
    String layout;
    int shape = rng.nextInt(10);
    if (shape == 0) { rows = 1; cols = 1; layout = "single"; }
    else if (shape == 1) { rows = 2; cols = 2; layout = "L"; }
    else {
      int[][] grids = {{1, 2}, {2, 1}, {2, 2}, {1, 3}, {2, 3}, {3, 2}, {3, 3}, {1, 4}};
      int[] g = grids[rng.nextInt(grids.length)];
      rows = g[0];
      cols = g[1];
      layout = rows + "x" + cols;
    }
    int cw = 90 + rng.nextInt(160);
    int ch = (int) (cw * (0.75 + rng.nextDouble() * 0.6));
    int gutter = 2 + rng.nextInt(23);
    double c = rng.nextDouble();
    Color gc;
    String gname;
    if (c < 0.5) { gc = Color.WHITE; gname = "white"; }
    else if (c < 0.7) { gc = Color.BLACK; gname = "black"; }
    else if (c < 0.85) { gc = new Color(200 + rng.nextInt(40), 200 + rng.nextInt(40), 200 + rng.nextInt(40)); gname = "grey"; }
    else { gc = new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)); gname = "colour"; }
    boolean borders = rng.nextDouble() < 0.3;
    double lr = rng.nextDouble();
    String letters = lr < 0.35 ? "none" : lr < 0.65 && gutter >= 12 ? "gutter" : "overlay";
    int margin = rng.nextInt(16);
    int top = letters.equals("gutter") ? Math.max(margin, gutter) : margin;

    List<Box> panels = new ArrayList<>();
    if (layout.equals("L")) {
      // one tall panel on the left, two stacked on the right
      panels.add(new Box(margin, top, cw, 2 * ch + gutter));
      panels.add(new Box(margin + cw + gutter, top, cw, ch));
      panels.add(new Box(margin + cw + gutter, top + ch + gutter, cw, ch));
    } else {
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < cols; k++) {
          panels.add(new Box(margin + k * (cw + gutter), top + r * (ch + gutter), cw, ch));
        }
      }
    }
    int width = margin * 2 + cols * cw + (cols - 1) * gutter;
    int height = top + margin + rows * ch + (rows - 1) * gutter;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(gc);
    g.fillRect(0, 0, width, height);
    List<String> sources = new ArrayList<>();
    for (int i = 0; i < panels.size(); i++) {
      Box b = panels.get(i);
      int pick = rng.nextInt(pool.size());
      sources.add(poolNames.get(pick));
      g.drawImage(pool.get(pick), b.x(), b.y(), b.w(), b.h(), null);
      if (borders) {
        g.setColor(new Color(30, 30, 30));
        g.setStroke(new BasicStroke(1 + rng.nextInt(2)));
        g.drawRect(b.x(), b.y(), b.w() - 1, b.h() - 1);
      }
      String letter = String.valueOf((char) ('A' + i));
      if (letters.equals("overlay")) {
        int fs = 14 + rng.nextInt(8);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fs));
        g.setColor(Color.WHITE);
        g.fillRect(b.x() + 3, b.y() + 3, fs, fs + 2);
        g.setColor(Color.BLACK);
        g.drawString(letter, b.x() + 4, b.y() + 3 + fs);
      } else if (letters.equals("gutter")) {
        int fs = Math.min(gutter, top) - 2;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, fs));
        g.setColor(gc.getRed() + gc.getGreen() + gc.getBlue() > 380 ? Color.BLACK : Color.WHITE);
        g.drawString(letter, b.x(), b.y() - 2);
      }
    }
    g.dispose();
    byte[] encoded = encode(img, rng.nextBoolean() ? "jpg" : "png", 0.85f);
    return new Compound(img, encoded, panels, layout, gutter, gname, borders, letters, sources);
  }

  static byte[] encode(BufferedImage img, String format, float quality) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (format.equals("jpg")) {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (var ios = ImageIO.createImageOutputStream(out)) {
          w.setOutput(ios);
          w.write(null, new IIOImage(img, null, null), p);
        }
        w.dispose();
      } else {
        ImageIO.write(img, "png", out);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
