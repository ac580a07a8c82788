package org.phenolip.core.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Up-front checks of command options, each a one-line {@link UserError} naming the option:
 * run at the start of a command, before a Spark session or any reading, so a mistake costs
 * nothing and prints no stack trace.
 */
public final class Checks {
  private Checks() {}

  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?");
  private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*\\]");

  public static Path file(Path p, String option) {
    if (p == null) throw new UserError(option + " is required");
    if (!Files.exists(p)) throw new UserError(option + " " + p + ": no such file");
    if (!Files.isRegularFile(p)) throw new UserError(option + " " + p + ": not a file");
    if (!Files.isReadable(p)) throw new UserError(option + " " + p + ": not readable");
    return p;
  }

  public static Path dir(Path p, String option) {
    if (p == null) throw new UserError(option + " is required");
    if (!Files.exists(p)) throw new UserError(option + " " + p + ": no such folder");
    if (!Files.isDirectory(p)) throw new UserError(option + " " + p + ": not a folder");
    return p;
  }

  /** A file or a folder that exists. */
  public static Path exists(Path p, String option) {
    if (p == null) throw new UserError(option + " is required");
    if (!Files.exists(p)) throw new UserError(option + " " + p + ": no such file or folder");
    return p;
  }

  /** An output path: absent, or a folder (never an existing plain file). */
  public static Path outputDir(Path p, String option) {
    if (p == null) throw new UserError(option + " is required");
    if (Files.exists(p) && !Files.isDirectory(p)) throw new UserError(option + " " + p + ": exists and is not a folder");
    return p;
  }

  /**
   * A PhenoKG: a published KG root (with {@code CURRENT}) or a version folder (with
   * {@code manifest.json} or the {@code pairs}/{@code figures} datasets). Local paths only are
   * checked here; other file systems (hdfs:, s3a:) are checked when read.
   */
  public static String kg(String kg, String option) {
    if (kg == null || kg.isBlank()) throw new UserError(option + " is required");
    if (kg.contains("://") && !kg.startsWith("file:")) return kg;
    Path p = kg.startsWith("file:") ? Path.of(URI.create(kg)) : Path.of(kg);
    if (!Files.exists(p)) throw new UserError(option + " " + kg + ": no such folder");
    if (!Files.isDirectory(p)) throw new UserError(option + " " + kg + ": not a folder (expected a PhenoKG built by `kg build`)");
    boolean published = Files.isRegularFile(p.resolve("CURRENT"));
    boolean version = Files.isRegularFile(p.resolve("manifest.json"))
        || Files.isDirectory(p.resolve("pairs")) && Files.isDirectory(p.resolve("figures"));
    if (!published && !version) {
      throw new UserError(option + " " + kg + ": not a PhenoKG (no CURRENT, manifest.json or pairs/ and figures/; build one with `kg build`)");
    }
    return kg;
  }

  public static long atLeast(long value, long min, String option) {
    if (value < min) throw new UserError(option + " must be >= " + min + ", got " + value);
    return value;
  }

  public static double positive(double value, String option) {
    if (!(value > 0) || Double.isInfinite(value)) throw new UserError(option + " must be > 0, got " + value);
    return value;
  }

  public static double fraction(double value, String option) {
    if (!(value > 0 && value < 1)) throw new UserError(option + " must be in (0, 1), got " + value);
    return value;
  }

  /** A TCP port to listen on: 0 (any free one) to 65535. */
  public static int port(int port, String option) {
    if (port < 0 || port > 65535) throw new UserError(option + " must be a port 0..65535, got " + port);
    return port;
  }

  /** One of {@code allowed} (case-insensitive), returned lower-case. */
  public static String oneOf(String value, String option, String... allowed) {
    if (value != null) {
      for (String a : allowed) if (a.equalsIgnoreCase(value)) return a;
    }
    throw new UserError(option + " must be one of " + String.join(", ", allowed) + ", got " + value);
  }

  /**
   * A Spark master URL Spark accepts: {@code local}, {@code local[N]}, {@code local[*]},
   * {@code local[N,F]}, {@code local-cluster[N,C,M]}, {@code spark://host:port[,host:port]},
   * {@code yarn}, {@code k8s://https://host:port}, {@code mesos://host:port}.
   */
  public static String master(String master, String option) {
    if (master == null || master.isBlank()) throw new UserError(option + " is empty");
    String m = master.trim();
    String lower = m.toLowerCase(Locale.ROOT);
    if (LOCAL.matcher(m).matches() || LOCAL_CLUSTER.matcher(m).matches() || lower.equals("yarn")) return m;
    if (lower.startsWith("spark://")) {
      for (String hp : m.substring(8).split(",")) {
        if (!hp.matches("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}")) {
          throw new UserError(option + " " + master + ": expected spark://HOST:PORT");
        }
      }
      return m;
    }
    if (lower.startsWith("k8s://") && m.length() > 6) return m;
    throw new UserError(option + " " + master + ": not a Spark master URL (local[N], spark://HOST:PORT, yarn, k8s://...)");
  }
}
