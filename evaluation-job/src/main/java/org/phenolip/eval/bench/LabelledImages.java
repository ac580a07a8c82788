package org.phenolip.eval.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A single-label image classification set (probing data): encoded images, class index per image. */
public record LabelledImages(String name, List<String> ids, List<byte[]> images, int[] labels, List<String> classes)
    implements Serializable {
  public LabelledImages {
    if (ids.size() != images.size() || images.size() != labels.length) {
      throw new IllegalArgumentException(name + ": ids, images and labels differ in length");
    }
    for (int l : labels) {
      if (l < 0 || l >= classes.size()) throw new IllegalArgumentException(name + ": label " + l + " outside 0.." + (classes.size() - 1));
    }
  }

  public int size() { return labels.length; }

  public LabelledImages subset(int[] rows, String suffix) {
    List<String> i = new ArrayList<>();
    List<byte[]> im = new ArrayList<>();
    int[] l = new int[rows.length];
    for (int k = 0; k < rows.length; k++) {
      i.add(ids.get(rows[k]));
      im.add(images.get(rows[k]));
      l[k] = labels[rows[k]];
    }
    return new LabelledImages(name + suffix, i, im, l, classes);
  }

  public int[] classCounts() {
    int[] c = new int[classes.size()];
    for (int l : labels) c[l]++;
    return c;
  }
}
