package org.phenolip.eval.run;

import java.nio.file.Path;
import org.phenolip.eval.bench.ImageFolders;
import org.phenolip.eval.bench.LabelledImages;
import org.phenolip.eval.bench.MedMnist;
import org.phenolip.eval.probe.Stratified;

/** A linear-probing dataset: a training split and a test split of labelled images. */
public record ProbeData(String name, LabelledImages train, LabelledImages test) {
  /** ISIC-style image folders have no official split: a stratified third goes to test. */
  public static final double FOLDER_TEST_FRACTION = 1.0 / 3;
  public static final long FOLDER_SPLIT_SEED = 0;

  /** MedMNIST: the file's own train and test splits. */
  public static ProbeData medmnist(Path npz) {
    LabelledImages train = MedMnist.read(npz, "train");
    LabelledImages test = MedMnist.read(npz, "test");
    return new ProbeData(npz.getFileName().toString().replaceFirst("\\.npz$", ""), train, test);
  }

  /** An image folder split by {@link Stratified#split} (corrupt files are left out, as the loader reports). */
  public static ProbeData folder(String name, Path root) {
    LabelledImages all = ImageFolders.labelled(root).images();
    int[][] split = Stratified.split(all.labels(), FOLDER_TEST_FRACTION, FOLDER_SPLIT_SEED);
    return new ProbeData(name, all.subset(split[0], "/train"), all.subset(split[1], "/test"));
  }

  /** {@code name=path}: a {@code .npz} file is MedMNIST, a folder is an image folder. */
  public static ProbeData parse(String spec) {
    String[] p = spec.split("=", 2);
    if (p.length != 2 || p[0].isBlank()) throw new IllegalArgumentException("probe data must be name=path, got '" + spec + "'");
    Path path = Path.of(p[1]);
    if (!java.nio.file.Files.exists(path)) throw new IllegalArgumentException("probe data " + p[0] + ": no such file or folder " + path);
    ProbeData d = p[1].endsWith(".npz") ? medmnist(path) : folder(p[0], path);
    return new ProbeData(p[0], d.train(), d.test());
  }
}
