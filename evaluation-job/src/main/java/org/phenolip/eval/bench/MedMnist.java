package org.phenolip.eval.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.phenolip.core.io.Npz;
import org.phenolip.core.io.Storage;

/**
 * MedMNIST {@code .npz} files ({@code <split>_images} uint8 N x H x W [x 3], {@code <split>_labels}
 * of shape (N,) or (N,1)): one split as {@link LabelledImages} of member URIs
 * ({@code <npz uri>#<split>_images/<i>}). The driver reads the labels and the images' shape only;
 * executors decode the images they embed ({@link #png}), each encoded as PNG so it goes through
 * the same image pipeline as any other.
 */
public final class MedMnist {
  private MedMnist() {}

  /** Class names of the MedMNIST v2 sets in data/images/medmnist (from the MedMNIST INFO table). */
  private static final Map<String, List<String>> CLASSES = Map.of(
      "breastmnist", List.of("malignant", "normal or benign"),
      "pneumoniamnist", List.of("normal", "pneumonia"));

  /** One split of the file at {@code uri} (a path or a URI on any file system), nothing decoded. */
  public static LabelledImages listed(Storage storage, String uri, String split) {
    String file = Storage.uri(uri);
    String dataset = new org.apache.hadoop.fs.Path(file).getName().replaceFirst("\\.npz$", "").toLowerCase(Locale.ROOT);
    Path local;
    Map<String, Npz.Array> arrays;
    try {
      local = storage.localTree(file);
      arrays = Npz.read(local, List.of(split + "_labels"), false);
      arrays.putAll(Npz.read(local, List.of(split + "_images"), true));
    } catch (IOException e) {
      throw new IllegalArgumentException(uri + ": " + e.getMessage(), e);
    }
    Npz.Array images = arrays.get(split + "_images");
    Npz.Array labels = arrays.get(split + "_labels");
    if (images == null || labels == null) {
      throw new IllegalArgumentException(uri + ": no " + split + "_images / " + split + "_labels (arrays: " + names(local) + ")");
    }
    int[] shape = checkedShape(uri, split, images);
    int n = shape[0];
    long[] lab = labels.longs();
    if (lab.length != n) {
      throw new IllegalArgumentException(uri + ": " + n + " images but " + lab.length + " labels (multi-label sets are not single-label probes)");
    }
    int maxLabel = 0;
    for (long l : lab) maxLabel = (int) Math.max(maxLabel, l);
    List<String> classes = CLASSES.get(dataset);
    if (classes == null || classes.size() <= maxLabel) {
      classes = new ArrayList<>();
      for (int c = 0; c <= maxLabel; c++) classes.add("class " + c);
    }
    List<String> ids = new ArrayList<>(n), uris = new ArrayList<>(n);
    int[] labs = new int[n];
    for (int i = 0; i < n; i++) {
      ids.add(dataset + "/" + split + "/" + i);
      uris.add(file + "#" + split + "_images/" + i);
      labs[i] = (int) lab[i];
    }
    return new LabelledImages(dataset + "/" + split, ids, null, uris, labs, classes);
  }

  /** True for a member URI that {@link #png} reads. */
  public static boolean isMember(String uri) {
    int hash = uri.lastIndexOf('#');
    return hash > 0 && uri.substring(0, hash).endsWith(".npz");
  }

  /**
   * The PNG of one member ({@code <npz uri>#<array>/<i>}), on an executor: the file is copied
   * once per JVM ({@link Storage#localTree}) and its image array decoded once and kept for the
   * task's next rows.
   */
  public static byte[] png(String memberUri, Storage storage) {
    int hash = memberUri.lastIndexOf('#'), slash = memberUri.lastIndexOf('/');
    if (hash < 0 || slash < hash) throw new IllegalArgumentException("not an .npz member URI: " + memberUri);
    String file = memberUri.substring(0, hash), array = memberUri.substring(hash + 1, slash);
    int i = Integer.parseInt(memberUri.substring(slash + 1));
    Npz.Array images = array(storage, file, array);
    int[] shape = checkedShape(file, array, images);
    if (i < 0 || i >= shape[0]) throw new IllegalArgumentException(memberUri + ": no image " + i + " of " + shape[0]);
    int h = shape[1], w = shape[2];
    boolean rgb = shape.length == 4;
    int stride = rgb ? h * w * 3 : h * w;
    return rgb ? Images.rgbPng(images.uint8(), i * stride, h, w) : Images.grayPng(images.uint8(), i * stride, h, w);
  }

  /** Image arrays decoded in this JVM, the most recent few (a probe reads one split at a time). */
  private static final Map<String, Npz.Array> DECODED = new LinkedHashMap<>(4, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Npz.Array> e) {
      return size() > 2;
    }
  };

  private static Npz.Array array(Storage storage, String file, String array) {
    String key = file + "#" + array;
    synchronized (DECODED) {
      Npz.Array a = DECODED.get(key);
      if (a != null) return a;
      try {
        a = Npz.read(storage.localTree(file), Set.of(array), false).get(array);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
      }
      if (a == null) throw new IllegalArgumentException(file + ": no array " + array);
      DECODED.put(key, a);
      return a;
    }
  }

  private static int[] checkedShape(String where, String split, Npz.Array images) {
    int[] shape = images.shape();
    if (shape.length != 3 && !(shape.length == 4 && shape[3] == 3) || images.itemSize() != 1) {
      throw new IllegalArgumentException(where + ": " + split + " images have shape " + java.util.Arrays.toString(shape)
          + " and dtype " + images.kind() + images.itemSize() + ", expected uint8 N x H x W [x 3]");
    }
    return shape;
  }

  private static List<String> names(Path local) {
    try {
      return Npz.names(local);
    } catch (IOException e) {
      return List.of();
    }
  }
}
