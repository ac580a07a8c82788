package org.phenolip.eval.bench;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-label image classification set (probing data): per image an id, a class index, and
 * either its encoded bytes ({@code images}, e.g. MedMNIST pixels encoded on the driver) or its
 * Hadoop URI ({@code uris}, read by the executors); exactly one of the two lists is given.
 */
public record LabelledImages(String name, List<String> ids, List<byte[]> images, List<String> uris, int[] labels, List<String> classes)
    implements Serializable {
  public LabelledImages {
    if ((images == null) == (uris == null)) throw new IllegalArgumentException(name + ": give either image bytes or image URIs");
    int n = images != null ? images.size() : uris.size();
    if (ids.size() != n || n != labels.length) {
      throw new IllegalArgumentException(name + ": ids, images and labels differ in length");
    }
    for (int l : labels) {
      if (l < 0 || l >= classes.size()) throw new IllegalArgumentException(name + ": label " + l + " outside 0.." + (classes.size() - 1));
    }
  }

  /** Images given as bytes. */
  public LabelledImages(String name, List<String> ids, List<byte[]> images, int[] labels, List<String> classes) {
    this(name, ids, images, null, labels, classes);
  }

  public int size() { return labels.length; }

  public LabelledImages subset(int[] rows, String suffix) {
    List<String> i = new ArrayList<>();
    List<byte[]> im = images == null ? null : new ArrayList<>();
    List<String> u = uris == null ? null : new ArrayList<>();
    int[] l = new int[rows.length];
    for (int k = 0; k < rows.length; k++) {
      i.add(ids.get(rows[k]));
      if (im != null) im.add(images.get(rows[k]));
      if (u != null) u.add(uris.get(rows[k]));
      l[k] = labels[rows[k]];
    }
    return new LabelledImages(name + suffix, i, im, u, l, classes);
  }

  public int[] classCounts() {
    int[] c = new int[classes.size()];
    for (int l : labels) c[l]++;
    return c;
  }
}
