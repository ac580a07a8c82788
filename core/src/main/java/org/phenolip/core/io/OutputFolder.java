package org.phenolip.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.phenolip.core.cli.Checks;

/**
 * A job's {@code --out} as the driver writes it. Local ({@code file:} or no scheme): the folder
 * itself. Remote ({@code hdfs:}, {@code s3a:}, …): the driver writes into local scratch, because
 * models, charts and summaries are written by libraries that only know local files, and
 * {@link #publish} copies the scratch there at the end; tasks and Spark writers go straight to
 * {@link #child} (checkpoints, metrics, Parquet), which names the remote place.
 */
public final class OutputFolder {
  private final String uri;
  private final Path local;
  private final boolean remote;

  private OutputFolder(String uri, Path local, boolean remote) {
    this.uri = uri;
    this.local = local;
    this.remote = remote;
  }

  /** Checks a local {@code out} (not a file), or makes scratch for a remote one. */
  public static OutputFolder of(String out, String option) {
    if (out == null || out.isBlank()) throw new org.phenolip.core.cli.UserError(option + " is required");
    if (Storage.isLocal(out)) {
      Path p = Checks.outputDir(Storage.localPath(out), option).toAbsolutePath();
      return new OutputFolder(p.toString(), p, false);
    }
    try {
      return new OutputFolder(out, Files.createTempDirectory("phenolip-out-"), true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make local scratch for " + out, e);
    }
  }

  /** Where the driver writes its files. */
  public Path local() {
    return local;
  }

  /** The folder as given (absolute for local folders). */
  public String uri() {
    return uri;
  }

  public boolean remote() {
    return remote;
  }

  /**
   * {@code name} under the folder where it finally lives, as a full URI for tasks and Spark
   * writers: a local folder gives a {@code file:} URI, since a bare path would resolve against
   * {@code fs.defaultFS} (HDFS on YARN).
   */
  public String child(String name) {
    return remote ? Storage.child(uri, name) : local.resolve(name).toUri().toString();
  }

  /** {@code name} under the folder as users read it in messages: the plain local path, or the URI. */
  public String show(String name) {
    return remote ? child(name) : local.resolve(name).toString();
  }

  /** Remote: copies the scratch to {@link #uri} and deletes it. Local: nothing to do. */
  public void publish(Storage storage) throws IOException {
    if (!remote) return;
    storage.putLocalTree(local.toFile(), uri);
    try (var files = Files.walk(local)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  @Override
  public String toString() {
    return uri;
  }
}
