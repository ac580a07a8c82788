package org.phenolip.eval.bench;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.io.Json;
import org.phenolip.core.io.Storage;
import org.phenolip.eval.spark.ImageCheck;
import org.phenolip.eval.spark.ImageReader;

/**
 * Benchmark manifests, one row per image. Two encodings of the same fields:
 * <ul>
 *   <li>JSONL ({@code .jsonl}): {@code {"id": "...", "image": "images/x.png", "caption": "...",
 *       "phenotypes": ["HP:0000001"], "system": "Radiology"}}; {@code image} is a path relative
 *       to the manifest's folder, or give the bytes inline as {@code "image_base64"}. Other keys
 *       (e.g. {@code article_id}) are ignored.</li>
 *   <li>Parquet ({@code .parquet} file or folder): columns {@link #SCHEMA}; {@code image} is
 *       binary (the bytes) or string (a path relative to the manifest's parent folder).</li>
 * </ul>
 * Rows that cannot be scored become {@link Reject}s with one of the {@code REASON_*} reasons;
 * nothing is dropped silently and nothing throws on a bad row.
 */
public final class BenchManifest {
  private BenchManifest() {}

  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("image", DataTypes.BinaryType, true)
      .add("caption", DataTypes.StringType, true)
      .add("phenotypes", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("system", DataTypes.StringType, false);

  public static final String REASON_MALFORMED = "malformed row";
  public static final String REASON_MISSING_ID = "missing id";
  public static final String REASON_DUPLICATE_ID = "duplicate id";
  public static final String REASON_MISSING_IMAGE = "missing image";
  public static final String REASON_CORRUPT_IMAGE = "corrupt image";
  public static final String REASON_EMPTY_CAPTION = "empty caption";
  public static final String REASON_NO_PHENOTYPES = "no phenotypes";
  public static final String REASON_MALFORMED_HPO = "malformed HPO id";
  public static final String REASON_UNKNOWN_HPO = "unknown HPO id";
  public static final String REASON_EMPTY_SYSTEM = "empty system";

  /** Reads a JSONL or Parquet manifest (Parquet needs {@code spark}). */
  public static Loaded read(SparkSession spark, String manifest, PhenotypeTable table, boolean checkImages) {
    if (manifest.endsWith(".jsonl") || manifest.endsWith(".json")) {
      // With a session, the executors read and decode the image files; the driver gets the problems only.
      Map<String, String> problems = spark != null && checkImages ? imageProblems(spark, manifest) : null;
      return readJsonl(manifest, table, checkImages, problems);
    }
    if (spark == null) throw new IllegalArgumentException(manifest + ": a Parquet manifest needs a Spark session");
    return readParquet(spark, manifest, table, checkImages);
  }

  public static Loaded readJsonl(Path manifest, PhenotypeTable table, boolean checkImages) {
    return readJsonl(manifest.toString(), table, checkImages, null);
  }

  /**
   * A file beside the manifest, and a manifest's relative image path, resolved where the manifest
   * lives: a local folder (a plain absolute path, as before) or a Hadoop URI (HDFS, S3).
   */
  public static String sibling(String manifest, String name) {
    if (Storage.isLocal(manifest)) return Storage.localPath(manifest).toAbsolutePath().getParent().resolve(name).normalize().toString();
    return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(manifest).getParent(), name).toString();
  }

  /** The manifest (a local path or a URI) as lines, read through Hadoop FS. */
  private static BufferedReader open(String manifest) throws IOException {
    return new BufferedReader(new java.io.InputStreamReader(Storage.forTask().open(Storage.uri(manifest)), StandardCharsets.UTF_8));
  }

  /** @param pathProblems resolved image path → problem from {@link ImageCheck} (null: the driver checks the files) */
  static Loaded readJsonl(String manifest, PhenotypeTable table, boolean checkImages, Map<String, String> pathProblems) {
    Validator v = new Validator(manifest, table, checkImages);
    v.pathProblems = pathProblems;
    int rows = 0;
    try (BufferedReader r = open(manifest)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) continue;
        rows++;
        String where = "line " + no;
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          v.reject(where, REASON_MALFORMED, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
          continue;
        }
        if (n == null || !n.isObject()) {
          v.reject(where, REASON_MALFORMED, "not a JSON object");
          continue;
        }
        String id = text(n, "id");
        byte[] bytes = null;
        String path = null;
        String b64 = text(n, "image_base64");
        if (b64 != null) {
          try {
            bytes = Base64.getDecoder().decode(b64);
          } catch (IllegalArgumentException e) {
            v.reject(id == null ? where : id, REASON_CORRUPT_IMAGE, "image_base64 is not base64");
            continue;
          }
        } else if (text(n, "image") != null) {
          path = sibling(manifest, text(n, "image"));
        }
        List<String> ph = new ArrayList<>();
        JsonNode arr = n.get("phenotypes");
        boolean phOk = arr == null || arr.isArray();
        if (arr != null && arr.isArray()) for (JsonNode p : arr) ph.add(p.asText());
        if (!phOk) {
          v.reject(id == null ? where : id, REASON_MALFORMED, "phenotypes must be an array");
          continue;
        }
        v.accept(where, id, path, bytes, text(n, "caption"), ph, text(n, "system"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
    }
    return new Loaded(v.items, v.rejects, rows);
  }

  /** Problems of the manifest's image files (resolved path → problem), checked by the executors. */
  static Map<String, String> imageProblems(SparkSession spark, String manifest) {
    java.util.Set<String> paths = new java.util.LinkedHashSet<>();
    try (BufferedReader r = open(manifest)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          continue; // the validating pass rejects it with its reason
        }
        if (n != null && n.isObject() && text(n, "image_base64") == null && text(n, "image") != null) {
          paths.add(sibling(manifest, text(n, "image")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifest " + manifest + ": " + e.getMessage(), e);
    }
    List<Row> rows = new ArrayList<>();
    for (String p : paths) rows.add(RowFactory.create(p, ImageReader.uri(p)));
    StructType files = new StructType().add("path", DataTypes.StringType, false).add("uri", DataTypes.StringType, false);
    return ImageCheck.problems(spark.createDataFrame(rows, files), "path", "uri");
  }

  /**
   * A Parquet manifest. Image paths are resolved beside the manifest (any file system) and checked
   * by the executors, as for JSONL. Inline image bytes stay on the executors: they check them, the
   * driver gets the text fields and the problems, and {@link Loaded#frame} carries the kept rows
   * with their bytes for the embedders.
   */
  public static Loaded readParquet(SparkSession spark, String manifest, PhenotypeTable table, boolean checkImages) {
    Dataset<Row> df = spark.read().parquet(manifest);
    List<String> cols = List.of(df.columns());
    for (String c : List.of("id", "image", "caption", "phenotypes", "system")) {
      if (!cols.contains(c)) throw new IllegalArgumentException(manifest + ": manifest has no column '" + c + "' (columns: " + cols + ")");
    }
    boolean pathImages = df.schema().apply("image").dataType().equals(DataTypes.StringType);
    // Row positions in the manifest's order: (partition << 33) + index in it, which every scan of the same files
    // computes alike, so the frame's later scan lines up with this one. zipWithIndex (and a sort on the executors)
    // would each read every image's bytes once more.
    JavaRDD<Row> positioned = df.select("id", "image", "caption", "phenotypes", "system").javaRDD()
        .mapPartitionsWithIndex((part, it) -> positions(part, it), true);
    StructType withPos = new StructType().add("pos", DataTypes.LongType, false).add("id", DataTypes.StringType, true)
        .add("image", df.schema().apply("image").dataType(), true).add("caption", DataTypes.StringType, true)
        .add("phenotypes", df.schema().apply("phenotypes").dataType(), true).add("system", DataTypes.StringType, true);
    Dataset<Row> rowsWithPos = spark.createDataFrame(positioned, withPos);
    // Executors: the text fields, whether there is an image, and (inline bytes) what is wrong with it.
    boolean check = checkImages;
    List<Row> meta = rowsWithPos.map((MapFunction<Row, Row>) r -> RowFactory.create(
        r.getLong(0), r.get(1), pathImages || r.isNullAt(2) ? r.get(2) : null, r.get(3), r.get(4), r.get(5), !r.isNullAt(2),
        pathImages || r.isNullAt(2) || !check ? null : Images.problem((byte[]) r.get(2))),
        Encoders.row(new StructType().add("pos", DataTypes.LongType, false).add("id", DataTypes.StringType, true)
            .add("image", DataTypes.StringType, true).add("caption", DataTypes.StringType, true)
            .add("phenotypes", df.schema().apply("phenotypes").dataType(), true).add("system", DataTypes.StringType, true)
            .add("has_image", DataTypes.BooleanType, false).add("problem", DataTypes.StringType, true)))
        .collectAsList();
    meta = new ArrayList<>(meta);
    meta.sort(java.util.Comparator.comparingLong(r -> r.getLong(0))); // the driver sorts the text fields only
    Validator v = new Validator(manifest, table, checkImages);
    if (pathImages && checkImages) {
      List<Row> files = new ArrayList<>();
      for (Row r : meta) if (!r.isNullAt(2)) files.add(RowFactory.create(sibling(manifest, r.getString(2)), ImageReader.uri(sibling(manifest, r.getString(2)))));
      StructType f = new StructType().add("path", DataTypes.StringType, false).add("uri", DataTypes.StringType, false);
      v.pathProblems = ImageCheck.problems(spark.createDataFrame(files, f).distinct(), "path", "uri");
    }
    List<Row> keptPositions = new ArrayList<>();
    for (int i = 0; i < meta.size(); i++) {
      Row r = meta.get(i);
      String where = "row " + (i + 1);
      String path = pathImages && !r.isNullAt(2) ? sibling(manifest, r.getString(2)) : null;
      byte[] bytes = !pathImages && r.getBoolean(6) ? Validator.ON_EXECUTORS : null;
      if (bytes != null && !r.isNullAt(7)) v.inlineProblems.put(where, r.getString(7));
      int before = v.items.size();
      List<String> ph = r.isNullAt(4) ? List.of() : r.getList(4);
      v.accept(where, r.getString(1), path, bytes, r.getString(3), ph, r.getString(5));
      if (v.items.size() > before) keptPositions.add(RowFactory.create(r.getLong(0), (long) before));
    }
    Dataset<Row> frame = null;
    if (!pathImages && !keptPositions.isEmpty()) {
      Dataset<Row> kept = spark.createDataFrame(keptPositions, new StructType().add("pos", DataTypes.LongType, false).add("row", DataTypes.LongType, false));
      Dataset<Row> k = rowsWithPos.join(broadcast(kept), "pos");
      // The validated text fields come from the driver's items (trimmed system, de-duplicated phenotypes).
      List<Row> text = new ArrayList<>();
      for (int i = 0; i < v.items.size(); i++) {
        BenchItem it = v.items.get(i);
        text.add(RowFactory.create((long) i, it.id(), it.caption(), org.phenolip.core.schema.Rows.seq(it.phenotypes()), it.system()));
      }
      Dataset<Row> t = spark.createDataFrame(text, new StructType().add("row", DataTypes.LongType, false).add("id", DataTypes.StringType, false)
          .add("caption", DataTypes.StringType, false).add("phenotypes", DataTypes.createArrayType(DataTypes.StringType, false), false)
          .add("system", DataTypes.StringType, false));
      frame = k.select(k.col("row"), k.col("image")).join(t, "row")
          .select(col("row"), col("id"), col("image"),
              lit(null).cast(DataTypes.StringType).as("image_uri"),
              col("caption"), col("phenotypes"), col("system"));
    }
    return new Loaded(v.items, v.rejects, meta.size(), frame);
  }

  /** Prefixes each row of partition {@code part} with its position, {@code (part << 33) + k}. */
  private static java.util.Iterator<Row> positions(int part, java.util.Iterator<Row> rows) {
    return new java.util.Iterator<>() {
      private long k;

      @Override public boolean hasNext() {
        return rows.hasNext();
      }

      @Override public Row next() {
        Row r = rows.next();
        return RowFactory.create(((long) part << 33) + k++, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
      }
    };
  }

  /**
   * Writes a JSONL manifest; every image is written to {@code images/<n>.<ext>} beside it
   * (named by row number, as ids may hold characters that are not path-safe).
   */
  public static void writeJsonl(Path manifest, List<BenchItem> items) {
    Path dir = manifest.toAbsolutePath().getParent();
    List<String> names = new ArrayList<>();
    try {
      Files.createDirectories(dir.resolve("images"));
      for (BenchItem it : items) {
        byte[] bytes = it.imageBytes();
        String rel = "images/" + names.size() + "." + Images.extension(bytes);
        Files.write(dir.resolve(rel), bytes);
        names.add(rel);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the images of manifest " + manifest + ": " + e.getMessage(), e);
    }
    writeJsonl(manifest, items, names);
  }

  /** Writes a JSONL manifest whose images are already in place: row i's image is {@code images.get(i)}, relative to the manifest. */
  public static void writeJsonl(Path manifest, List<BenchItem> items, List<String> images) {
    if (images.size() != items.size()) throw new IllegalArgumentException(items.size() + " rows but " + images.size() + " image names");
    ObjectWriter w = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    try {
      Files.createDirectories(manifest.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
        for (int i = 0; i < items.size(); i++) {
          BenchItem it = items.get(i);
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("id", it.id());
          row.put("image", images.get(i));
          row.put("caption", it.caption());
          row.put("phenotypes", it.phenotypes());
          row.put("system", it.system());
          out.write(w.writeValueAsString(row));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write manifest " + manifest + ": " + e.getMessage(), e);
    }
  }

  /** Writes a Parquet manifest with inline image bytes. */
  public static void writeParquet(SparkSession spark, String path, List<BenchItem> items) {
    List<Row> rows = new ArrayList<>();
    for (BenchItem it : items) {
      rows.add(RowFactory.create(it.id(), it.imageBytes(), it.caption(),
          org.phenolip.core.schema.Rows.seq(it.phenotypes()), it.system()));
    }
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode("overwrite").parquet(path);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Checks rows in order and sorts them into items and rejects. */
  static final class Validator {
    final String source;
    final PhenotypeTable table;
    final boolean checkImages;
    final List<BenchItem> items = new ArrayList<>();
    final List<Reject> rejects = new ArrayList<>();
    final Set<String> seen = new HashSet<>();
    Map<String, String> pathProblems;
    /** Marks inline bytes that stay on the executors; their problems are in {@link #inlineProblems} by row. */
    static final byte[] ON_EXECUTORS = new byte[0];
    final Map<String, String> inlineProblems = new java.util.HashMap<>();

    Validator(String source, PhenotypeTable table, boolean checkImages) {
      this.source = source;
      this.table = table;
      this.checkImages = checkImages;
    }

    void reject(String id, String reason, String detail) {
      rejects.add(new Reject(source, id, reason, detail));
    }

    void accept(String where, String id, String path, byte[] bytes, String caption, List<String> phenotypes, String system) {
      if (id == null || id.isBlank()) {
        reject(where, REASON_MISSING_ID, "no \"id\"");
        return;
      }
      if (!seen.add(id)) {
        reject(id, REASON_DUPLICATE_ID, where + " repeats id " + id);
        return;
      }
      if (path == null && bytes == null) {
        reject(id, REASON_MISSING_IMAGE, "no \"image\" path or bytes");
        return;
      }
      if (path != null && pathProblems != null) {
        String pp = pathProblems.get(path);
        if (pp != null) {
          if (pp.startsWith(ImageCheck.MISSING)) reject(id, REASON_MISSING_IMAGE, "no such file: " + path);
          else reject(id, Images.reason(pp), path + ": " + pp);
          return;
        }
      } else if (path != null && (Storage.isLocal(path) ? !Files.isRegularFile(Storage.localPath(path)) : !Storage.forTask().exists(path))) {
        reject(id, REASON_MISSING_IMAGE, "no such file: " + path);
        return;
      }
      if (bytes == ON_EXECUTORS) {
        String problem = inlineProblems.get(where);
        if (problem != null) {
          reject(id, Images.reason(problem), problem);
          return;
        }
      } else if (checkImages && (path == null || pathProblems == null)) {
        byte[] b = bytes;
        if (b == null && !Storage.isLocal(path)) {
          try {
            b = ImageReader.read(path, Storage.forTask().conf());
          } catch (RuntimeException e) {
            reject(id, REASON_MISSING_IMAGE, "cannot read " + path + ": " + e.getMessage());
            return;
          }
        }
        if (b == null) {
          try {
            String tooLarge = Images.fileProblem(Path.of(path));
            if (tooLarge != null) {
              reject(id, Images.reason(tooLarge), path + ": " + tooLarge);
              return;
            }
            b = Files.readAllBytes(Path.of(path));
          } catch (IOException e) {
            reject(id, REASON_MISSING_IMAGE, "cannot read " + path + ": " + e.getMessage());
            return;
          }
        }
        String problem = Images.problem(b);
        if (problem != null) {
          reject(id, Images.reason(problem), (path == null ? "" : path + ": ") + problem);
          return;
        }
      }
      if (caption == null || caption.isBlank()) {
        reject(id, REASON_EMPTY_CAPTION, "no caption text");
        return;
      }
      if (phenotypes.isEmpty()) {
        reject(id, REASON_NO_PHENOTYPES, "no HPO ids");
        return;
      }
      List<String> ph = new ArrayList<>(new java.util.LinkedHashSet<>(phenotypes));
      for (String p : ph) {
        if (p == null || !PhenotypeTable.CLASS_ID.matcher(p).matches()) {
          reject(id, REASON_MALFORMED_HPO, "'" + p + "' is not HP:nnnnnnn (or NOT:HP:nnnnnnn)");
          return;
        }
        if (table != null && !table.contains(p)) {
          reject(id, REASON_UNKNOWN_HPO, p + " is not in the phenotype table");
          return;
        }
      }
      if (system == null || system.isBlank()) {
        reject(id, REASON_EMPTY_SYSTEM, "no system to report the row under");
        return;
      }
      items.add(new BenchItem(id, path, bytes == ON_EXECUTORS ? null : bytes, caption, List.copyOf(ph), system.trim()));
    }
  }
}
