package org.phenolip.eval.bench;

import org.phenolip.core.io.Npz;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MedMNIST {@code .npz} files ({@code <split>_images} uint8 N x H x W [x 3], {@code <split>_labels}
 * of shape (N,) or (N,1)): one split as {@link LabelledImages}, each image encoded as PNG so it
 * goes through the same image pipeline as any other.
 */
public final class MedMnist {
  private MedMnist() {}

  /** Class names of the MedMNIST v2 sets in data/images/medmnist (from the MedMNIST INFO table). */
  private static final Map<String, List<String>> CLASSES = Map.of(
      "breastmnist", List.of("malignant", "normal or benign"),
      "pneumoniamnist", List.of("normal", "pneumonia"));

  public static LabelledImages read(Path npz, String split) {
    String dataset = npz.getFileName().toString().replaceFirst("\\.npz$", "").toLowerCase(Locale.ROOT);
    Map<String, Npz.Array> arrays;
    try {
      arrays = Npz.read(npz);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Npz.Array images = arrays.get(split + "_images");
    Npz.Array labels = arrays.get(split + "_labels");
    if (images == null || labels == null) {
      throw new IllegalArgumentException(npz + ": no " + split + "_images / " + split + "_labels (arrays: " + arrays.keySet() + ")");
    }
    int[] shape = images.shape();
    if (shape.length != 3 && !(shape.length == 4 && shape[3] == 3)) {
      throw new IllegalArgumentException(npz + ": " + split + "_images has shape " + java.util.Arrays.toString(shape) + ", expected N x H x W [x 3]");
    }
    int n = shape[0], h = shape[1], w = shape[2];
    long[] lab = labels.longs();
    if (lab.length != n) {
      throw new IllegalArgumentException(npz + ": " + n + " images but " + lab.length + " labels (multi-label sets are not single-label probes)");
    }
    int maxLabel = 0;
    for (long l : lab) maxLabel = (int) Math.max(maxLabel, l);
    List<String> classes = CLASSES.get(dataset);
    if (classes == null || classes.size() <= maxLabel) {
      classes = new ArrayList<>();
      for (int c = 0; c <= maxLabel; c++) classes.add("class " + c);
    }
    byte[] px = images.uint8();
    List<String> ids = new ArrayList<>(n);
    List<byte[]> pngs = new ArrayList<>(n);
    int[] labs = new int[n];
    int stride = shape.length == 4 ? h * w * 3 : h * w;
    for (int i = 0; i < n; i++) {
      ids.add(dataset + "/" + split + "/" + i);
      pngs.add(shape.length == 4 ? Images.rgbPng(px, i * stride, h, w) : Images.grayPng(px, i * stride, h, w));
      labs[i] = (int) lab[i];
    }
    return new LabelledImages(dataset + "/" + split, ids, pngs, labs, classes);
  }
}
