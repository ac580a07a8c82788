package org.phenolip.curate.core;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** 64-bit difference hash (dHash): 9×8 grey thumbnail, one bit per horizontal gradient sign. */
public final class ImageHash {
  private ImageHash() {}

  public static long dHash(BufferedImage img) {
    BufferedImage t = new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = t.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(img, 0, 0, 9, 8, null);
    g.dispose();
    long h = 0;
    var r = t.getRaster();
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 8; x++) {
        h = (h << 1) | (r.getSample(x, y, 0) < r.getSample(x + 1, y, 0) ? 1 : 0);
      }
    }
    return h;
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }
}
