package org.phenolip.curate.subfigure;

import java.io.Serializable;

/** A panel's box in figure pixels: left, top, width, height. */
public record Box(int x, int y, int w, int h) implements Serializable {
  public int area() { return w * h; }
  public int right() { return x + w; }
  public int bottom() { return y + h; }
  public double cx() { return x + w / 2.0; }
  public double cy() { return y + h / 2.0; }

  public double iou(Box o) {
    int ix = Math.max(0, Math.min(right(), o.right()) - Math.max(x, o.x));
    int iy = Math.max(0, Math.min(bottom(), o.bottom()) - Math.max(y, o.y));
    double inter = (double) ix * iy;
    double union = (double) area() + o.area() - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
