package org.phenolip.kg.tables;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Json;
import org.phenolip.core.schema.PhenoKg;
import org.phenolip.core.schema.SchemaCheck;

/**
 * Opens the tables of one PhenoKG version as Spark DataFrames. This is the one class that knows
 * how a KG is stored (today: Parquet folders under {@code versions/<id>/} behind the
 * {@code CURRENT} pointer of {@link AtomicPublish}); {@code kg sql}, {@code kg export} and the
 * notebooks reach the KG only through it, so a change of table format changes only this class.
 */
public final class KgTables {
  /** The core tables, in the order they are listed; curated tables (any other dataset folder) follow. */
  public static final List<String> CORE = List.of(PhenoKg.PHENOTYPES, PhenoKg.EDGES, PhenoKg.ARTICLES,
      PhenoKg.FIGURES, PhenoKg.PAIRS, PhenoKg.REJECTS);
  /**
   * The view over the kept versions: one row per (version, table) with the manifest's row count. Column names
   * avoid SQL keywords (table, current, rows) so queries need no quoting.
   */
  public static final String HISTORY = "history";

  private static final Pattern TABLE_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  static final StructType HISTORY_SCHEMA = new StructType()
      .add("version_index", DataTypes.IntegerType, false)
      .add("version", DataTypes.StringType, false)
      .add("created", DataTypes.StringType, true)
      .add("is_current", DataTypes.BooleanType, false)
      .add("table_name", DataTypes.StringType, false)
      .add("row_count", DataTypes.LongType, false);

  /** One kept version: its 0-based index in creation order, folder name, folder, manifest (null if unreadable). */
  public record Version(int index, String name, Path dir, String created, boolean current, JsonNode manifest) {}

  private final SparkSession spark;
  private final FileSystem fs;
  private final List<Version> versions;
  private final Version version;
  private final Map<String, Path> tables;

  private KgTables(SparkSession spark, FileSystem fs, List<Version> versions, Version version, Map<String, Path> tables) {
    this.spark = spark;
    this.fs = fs;
    this.versions = versions;
    this.version = version;
    this.tables = tables;
  }

  /**
   * Opens {@code kg} at {@code versionSpec}: null for the current version, a number for the
   * {@code version_index} of {@link #HISTORY}, or a version folder name ({@code v1732...-ab12cd34}).
   */
  public static KgTables open(SparkSession spark, String kg, String versionSpec) {
    Path root = new Path(kg);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) throw new IllegalArgumentException("no PhenoKG at " + kg + " (run `phenolip kg build` first)");
      List<Version> versions = versions(fs, root);
      Version chosen = choose(kg, versions, versionSpec);
      Map<String, Path> tables = tablesOf(fs, chosen.dir());
      if (!tables.containsKey(PhenoKg.PHENOTYPES)) {
        throw new IllegalArgumentException(chosen.dir() + " is not a PhenoKG version: it has no " + PhenoKg.PHENOTYPES + "/ table");
      }
      return new KgTables(spark, fs, versions, chosen, tables);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + kg + ": " + e.getMessage(), e);
    }
  }

  /** The version opened. */
  public Version version() { return version; }

  /** Every kept version, oldest first. */
  public List<Version> versions() { return versions; }

  /** The tables this version has: the core ones present, then curated ones by name. */
  public List<String> names() { return List.copyOf(tables.keySet()); }

  /** A table of this version; core tables are checked against their schema. */
  public Dataset<Row> table(String name) {
    if (name.equals(HISTORY)) return history();
    Path p = tables.get(name);
    if (p == null) {
      throw new IllegalArgumentException("PhenoKG version " + version.name() + " has no table '" + name + "' (it has: "
          + String.join(", ", names()) + ", " + HISTORY + ")");
    }
    Dataset<Row> df;
    try {
      df = spark.read().parquet(p.toString());
    } catch (RuntimeException e) { // AnalysisException: an empty folder, not Parquet
      throw new IllegalArgumentException("cannot read PhenoKG table " + p + ": " + firstLine(e), e);
    }
    if (CORE.contains(name)) SchemaCheck.require(p.toString(), df.schema(), PhenoKg.schemaOf(name));
    return df;
  }

  /** One row per (kept version, table) with the row count its manifest recorded. */
  public Dataset<Row> history() {
    List<Row> rows = new ArrayList<>();
    for (Version v : versions) {
      JsonNode ds = v.manifest() == null ? null : v.manifest().get("datasets");
      if (ds == null) continue;
      ds.fields().forEachRemaining(e -> rows.add(RowFactory.create(v.index(), v.name(), v.created(), v.current(),
          e.getKey(), e.getValue().path("rows").asLong())));
    }
    return spark.createDataFrame(rows, HISTORY_SCHEMA);
  }

  /** Registers every table of this version and {@link #HISTORY} as temporary views. */
  public void registerViews() {
    registerViews(t -> true);
  }

  /** Registers the tables (and {@link #HISTORY}) that {@code wanted} accepts as temporary views. */
  public void registerViews(java.util.function.Predicate<String> wanted) {
    for (String t : names()) if (wanted.test(t)) table(t).createOrReplaceTempView(t);
    if (wanted.test(HISTORY)) history().createOrReplaceTempView(HISTORY);
  }

  /** The manifest.json text of this version, or null when it has none. */
  public String manifestText() {
    Path m = new Path(version.dir(), PhenoKg.MANIFEST);
    try {
      if (!fs.exists(m)) return null;
      try (var in = fs.open(m)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + m + ": " + e.getMessage(), e);
    }
  }

  private static List<Version> versions(FileSystem fs, Path root) throws IOException {
    Path currentDir = new AtomicPublish(root.toString(), fs.getConf()).current();
    Path versionsDir = new Path(root, AtomicPublish.VERSIONS);
    if (currentDir == null && !fs.exists(versionsDir)) {
      // A plain folder of tables (not published): one unnamed version, current.
      JsonNode manifest = readManifest(fs, root);
      return List.of(new Version(0, "", root, manifest == null ? null : manifest.path("created").asText(null), true, manifest));
    }
    List<Version> unordered = new ArrayList<>();
    for (FileStatus st : fs.exists(versionsDir) ? fs.listStatus(versionsDir) : new FileStatus[0]) {
      Path d = st.getPath();
      boolean isCurrent = currentDir != null && d.getName().equals(currentDir.getName());
      JsonNode manifest = st.isDirectory() ? readManifest(fs, d) : null;
      // A version without its manifest is a build still running or killed: not a kept version.
      if (manifest == null && !isCurrent) continue;
      String created = manifest == null ? null : manifest.path("created").asText(null);
      unordered.add(new Version(-1, d.getName(), d, created, isCurrent, manifest));
    }
    // Creation order: the manifest's time, then the folder name (v<epoch millis>-...).
    unordered.sort(Comparator.comparing((Version v) -> v.created() == null ? "" : v.created()).thenComparing(Version::name));
    List<Version> out = new ArrayList<>();
    for (int i = 0; i < unordered.size(); i++) {
      Version v = unordered.get(i);
      out.add(new Version(i, v.name(), v.dir(), v.created(), v.current(), v.manifest()));
    }
    return List.copyOf(out);
  }

  private static Version choose(String kg, List<Version> versions, String spec) {
    if (spec == null) {
      return versions.stream().filter(Version::current).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(kg + " has versions but no CURRENT one"));
    }
    for (Version v : versions) {
      if (v.name().equals(spec) || String.valueOf(v.index()).equals(spec.trim())) return v;
    }
    List<String> known = versions.stream().map(v -> v.index() + "=" + v.name() + (v.current() ? " (current)" : "")).toList();
    throw new IllegalArgumentException("PhenoKG " + kg + " has no version '" + spec + "' (kept: " + String.join(", ", known) + ")");
  }

  private static Map<String, Path> tablesOf(FileSystem fs, Path dir) throws IOException {
    Map<String, Path> found = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String n = st.getPath().getName();
      if (st.isDirectory() && TABLE_NAME.matcher(n).matches() && !n.equals(AtomicPublish.VERSIONS)) others.add(n);
    }
    for (String c : CORE) if (others.remove(c)) found.put(c, new Path(dir, c));
    others.sort(null);
    for (String o : others) found.put(o, new Path(dir, o));
    return found;
  }

  private static JsonNode readManifest(FileSystem fs, Path dir) {
    Path m = new Path(dir, PhenoKg.MANIFEST);
    try {
      if (!fs.exists(m)) return null;
      try (var in = fs.open(m)) {
        return Json.MAPPER.readTree(in);
      }
    } catch (IOException e) {
      return null; // listed without counts; the table itself may still be read
    }
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
