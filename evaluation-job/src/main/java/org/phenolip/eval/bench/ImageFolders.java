package org.phenolip.eval.bench;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Image-folder datasets: {@code root/<label>/<image>}; the folder name is the label. A mapping
 * file (tab separated: label, comma-separated HPO ids, optional note; '#' comments) links each
 * label to phenotypes when the folder is used as a benchmark.
 */
public final class ImageFolders {
  private ImageFolders() {}

  /** A classification set plus the files that could not be used. */
  public record Result(LabelledImages images, List<Reject> rejects) {}

  public static Result labelled(Path root) {
    List<Path> classDirs = list(root).stream().filter(Files::isDirectory).sorted().toList();
    if (classDirs.isEmpty()) throw new IllegalArgumentException(root + ": no class folders (expected root/<label>/<image>)");
    List<String> classes = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Reject> rejects = new ArrayList<>();
    for (Path dir : classDirs) {
      int c = classes.size();
      classes.add(dir.getFileName().toString());
      for (Path f : list(dir).stream().filter(Files::isRegularFile).sorted().toList()) {
        String id = root.getFileName() + "/" + dir.getFileName() + "/" + f.getFileName();
        byte[] b;
        try {
          String tooLarge = Images.fileProblem(f);
          if (tooLarge != null) {
            rejects.add(new Reject(f.toString(), id, Images.reason(tooLarge), tooLarge));
            continue;
          }
          b = Files.readAllBytes(f);
        } catch (IOException e) {
          rejects.add(new Reject(f.toString(), id, BenchManifest.REASON_MISSING_IMAGE, e.getMessage()));
          continue;
        }
        String problem = Images.problem(b);
        if (problem != null) {
          rejects.add(new Reject(f.toString(), id, Images.reason(problem), problem));
          continue;
        }
        ids.add(id);
        images.add(b);
        labels.add(c);
      }
    }
    int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
    return new Result(new LabelledImages(root.getFileName().toString(), ids, images, l, classes), rejects);
  }

  /**
   * The folder's files as a URI-based set, nothing read: the same classes, ids and order as
   * {@link #labelled}; the images are checked and read later by the executors.
   */
  public static LabelledImages listed(Path root) {
    return listed(org.phenolip.core.io.Storage.local(), root.toAbsolutePath().normalize().toString());
  }

  /** As {@link #listed(Path)}, for a folder on any file system (local, HDFS, S3): the driver only lists it. */
  public static LabelledImages listed(org.phenolip.core.io.Storage storage, String root) {
    String uri = org.phenolip.core.io.Storage.uri(root);
    String name = new org.apache.hadoop.fs.Path(uri).getName();
    List<FileStatus> classDirs = listStatus(storage, uri).stream().filter(FileStatus::isDirectory).toList();
    if (classDirs.isEmpty()) throw new IllegalArgumentException(root + ": no class folders (expected root/<label>/<image>)");
    List<String> classes = new ArrayList<>(), ids = new ArrayList<>(), uris = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (FileStatus dir : classDirs) {
      int c = classes.size();
      String label = dir.getPath().getName();
      classes.add(label);
      for (FileStatus f : listStatus(storage, dir.getPath().toString())) {
        if (!f.isFile()) continue;
        ids.add(name + "/" + label + "/" + f.getPath().getName());
        uris.add(f.getPath().toString());
        labels.add(c);
      }
    }
    int[] l = labels.stream().mapToInt(Integer::intValue).toArray();
    return new LabelledImages(name, ids, null, uris, l, classes);
  }

  /** One listing call per folder (a file's kind comes with it: no request per file on S3), sorted by name. */
  private static List<FileStatus> listStatus(org.phenolip.core.io.Storage storage, String dir) {
    try {
      FileStatus[] st = storage.fs(dir).listStatus(new org.apache.hadoop.fs.Path(dir));
      return java.util.Arrays.stream(st).sorted(java.util.Comparator.comparing(s -> s.getPath().getName())).toList();
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(dir + ": no such folder");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /** label → HPO ids from the lines of a mapping file; bad lines are errors naming the line. */
  static Map<String, List<String>> parseMapping(String where, List<String> lines) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    int no = 0;
    for (String line : lines) {
      no++;
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      if (f.length < 2) throw new IllegalArgumentException(where + " line " + no + ": expected label<TAB>HP:nnnnnnn[,HP:...]");
      List<String> ids = Arrays.stream(f[1].split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      for (String id : ids) {
        if (!PhenotypeTable.CLASS_ID.matcher(id).matches()) throw new IllegalArgumentException(where + " line " + no + ": '" + id + "' is not an HPO id (HP:nnnnnnn, or NOT:HP:nnnnnnn for a normal finding)");
      }
      m.put(f[0].trim(), ids);
    }
    return m;
  }

  /**
   * The folder as benchmark rows: caption = the label with '_' as spaces, phenotypes from the
   * mapping, every row under {@code system}. Labels without a mapping are rejected per image.
   */
  public static Loaded bench(Path root, Map<String, List<String>> mapping, String system, PhenotypeTable table) {
    Result r = labelled(root);
    LabelledImages li = r.images();
    BenchManifest.Validator v = new BenchManifest.Validator(root.toString(), table, false);
    v.rejects.addAll(r.rejects());
    for (int i = 0; i < li.size(); i++) {
      String label = li.classes().get(li.labels()[i]);
      List<String> hpo = mapping.get(label);
      if (hpo == null) {
        v.reject(li.ids().get(i), BenchManifest.REASON_NO_PHENOTYPES, "label '" + label + "' has no HPO mapping");
        continue;
      }
      v.accept(li.ids().get(i), li.ids().get(i), null, li.images().get(i), label.replace('_', ' '), hpo, system);
    }
    return new Loaded(v.items, v.rejects, li.size() + r.rejects().size());
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
