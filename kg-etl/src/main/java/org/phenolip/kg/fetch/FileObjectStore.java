package org.phenolip.kg.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A local folder in the bucket's layout ({@code file://…}): keys are relative paths, the ETag is the
 * file's MD5 (as S3 gives for single-part objects). Listing pages are not split: one page.
 */
public final class FileObjectStore implements ObjectStore {
  private final Path root;

  public FileObjectStore(Path root) {
    if (!Files.isDirectory(root)) throw new IllegalArgumentException("--source folder not found: " + root);
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String describe() { return root.toUri().toString(); }

  @Override
  public byte[] get(String key) throws IOException {
    Path p = resolve(key);
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new FetchException("not-found", key + ": no such object", false);
    }
  }

  private Path resolve(String key) throws FetchException {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) throw new FetchException("bad-key", "key escapes the source folder: " + key, false);
    return p;
  }

  @Override
  public Page list(String prefix, String delimiter, String token) throws IOException {
    int slash = prefix.lastIndexOf('/');
    Path dir = slash >= 0 ? resolve(prefix.substring(0, slash)) : root;
    List<Listed> contents = new ArrayList<>();
    TreeSet<String> prefixes = new TreeSet<>();
    if (!Files.isDirectory(dir)) return new Page(contents, List.of(), null);
    try (Stream<Path> s = "/".equals(delimiter) ? Files.list(dir) : Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (!key.startsWith(prefix)) continue;
        if (Files.isDirectory(p)) {
          if ("/".equals(delimiter)) prefixes.add(key + "/");
          continue;
        }
        byte[] b = Files.readAllBytes(p);
        contents.add(new Listed(key, Md5.hex(b), b.length, Files.getLastModifiedTime(p).toInstant().toString()));
      }
    }
    return new Page(contents, List.copyOf(prefixes), null);
  }
}
