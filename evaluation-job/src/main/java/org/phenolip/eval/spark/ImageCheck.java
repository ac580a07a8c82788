package org.phenolip.eval.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.eval.bench.Images;

/**
 * Decodability check of image files, run by the executors: each reads its files through Hadoop
 * FS and decodes them strictly; only the problems (key, reason text) come back to the driver.
 */
public final class ImageCheck {
  private static final StructType PROBLEMS = new StructType()
      .add("key", DataTypes.StringType, false)
      .add("problem", DataTypes.StringType, false);

  /** How a problem starts when the file cannot be found or read. */
  public static final String MISSING = "missing: ";

  private ImageCheck() {}

  /** key → problem ({@code image-too-large: ...}, {@code missing: ...}, a decoder message) for the bad files only. */
  public static Map<String, String> problems(Dataset<Row> files, String keyCol, String uriCol) {
    HadoopConf conf = new HadoopConf(files.sparkSession().sparkContext().hadoopConfiguration());
    Dataset<Row> in = files.select(files.col(keyCol).cast(DataTypes.StringType), files.col(uriCol));
    Map<String, String> out = new TreeMap<>();
    for (Row r : in.mapPartitions((MapPartitionsFunction<Row, Row>) it -> check(it, conf), Encoders.row(PROBLEMS)).collectAsList()) {
      out.put(r.getString(0), r.getString(1));
    }
    return out;
  }

  static Iterator<Row> check(Iterator<Row> it, HadoopConf conf) {
    List<Row> bad = new ArrayList<>();
    while (it.hasNext()) {
      Row r = it.next();
      String problem = problem(r.getString(1), conf);
      if (problem != null) bad.add(RowFactory.create(r.getString(0), problem));
    }
    return bad.iterator();
  }

  static String problem(String uri, HadoopConf conf) {
    try {
      if (org.phenolip.eval.bench.MedMnist.isMember(uri)) return Images.problem(ImageReader.read(uri, conf.get()));
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(conf.get());
      if (!fs.exists(p)) return MISSING + "no such file " + uri;
      String tooLarge = ImageReader.sizeProblem(fs.getFileStatus(p));
      return tooLarge != null ? tooLarge : Images.problem(ImageReader.read(uri, conf.get()));
    } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
      return MISSING + e.getMessage();
    }
  }
}
