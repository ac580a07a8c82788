package org.phenolip.eval.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.bench.ImageFolders;
import org.phenolip.eval.bench.LabelledImages;
import org.phenolip.eval.bench.MedMnist;
import org.phenolip.eval.probe.Stratified;
import org.phenolip.eval.spark.ImageCheck;

/** A linear-probing dataset: a training split and a test split of labelled images. */
public record ProbeData(String name, LabelledImages train, LabelledImages test) {
  /** ISIC-style image folders have no official split: a stratified third goes to test. */
  public static final double FOLDER_TEST_FRACTION = 1.0 / 3;
  public static final long FOLDER_SPLIT_SEED = 0;
  private static final StructType FILES = new StructType().add("id", DataTypes.StringType, false).add("uri", DataTypes.StringType, false);

  /** MedMNIST: the file's own train and test splits (a path or a URI), listed on the driver, decoded by the executors. */
  public static ProbeData medmnist(org.phenolip.core.io.Storage storage, String npz) {
    LabelledImages train = MedMnist.listed(storage, npz, "train");
    LabelledImages test = MedMnist.listed(storage, npz, "test");
    return new ProbeData(new org.apache.hadoop.fs.Path(org.phenolip.core.io.Storage.uri(npz)).getName().replaceFirst("\\.npz$", ""), train, test);
  }

  /**
   * An image folder split by {@link Stratified#split}. The driver only lists the files; the
   * executors check them ({@link ImageCheck}) and files that do not decode are left out.
   */
  public static ProbeData folder(SparkSession spark, String name, Path root) {
    return folder(spark, name, root.toAbsolutePath().normalize().toString());
  }

  /** As {@link #folder(SparkSession, String, Path)}, for a folder on any file system (a path or URI). */
  public static ProbeData folder(SparkSession spark, String name, String root) {
    LabelledImages listed = ImageFolders.listed(org.phenolip.core.io.Storage.of(spark), root);
    List<Row> files = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) files.add(RowFactory.create(listed.ids().get(i), listed.uris().get(i)));
    Set<String> bad = ImageCheck.problems(spark.createDataFrame(files, FILES), "id", "uri").keySet();
    int[] good = IntStream.range(0, listed.size()).filter(i -> !bad.contains(listed.ids().get(i))).toArray();
    LabelledImages all = listed.subset(good, "");
    int[][] split = Stratified.split(all.labels(), FOLDER_TEST_FRACTION, FOLDER_SPLIT_SEED);
    return new ProbeData(name, all.subset(split[0], "/train"), all.subset(split[1], "/test"));
  }

  /**
   * {@code name=path}: a {@code .npz} file is MedMNIST, a folder is an image folder; a path or a
   * URI (HDFS, S3).
   */
  public static ProbeData parse(SparkSession spark, String spec) {
    String[] p = spec.split("=", 2);
    if (p.length != 2 || p[0].isBlank()) throw new IllegalArgumentException("probe data must be name=path, got '" + spec + "'");
    org.phenolip.core.io.Storage storage = org.phenolip.core.io.Storage.of(spark);
    String uri = org.phenolip.core.io.Storage.uri(p[1]);
    if (!storage.exists(uri)) throw new IllegalArgumentException("probe data " + p[0] + ": no such file or folder " + p[1]);
    ProbeData d = p[1].endsWith(".npz") ? medmnist(storage, uri) : folder(spark, p[0], uri);
    return new ProbeData(p[0], d.train(), d.test());
  }
}
