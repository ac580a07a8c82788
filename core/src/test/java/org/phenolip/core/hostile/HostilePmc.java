package org.phenolip.core.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile-input corpus: PMC OA packages (and loose files) that each carry one attack a reader
 * must survive, next to good articles, with the reject reason every reader is expected to give.
 * Every new reader of PMC inputs or images runs this corpus ({@link #write}); the good figures use
 * real ISIC images from {@code data/images} and captions that name HPO terms.
 *
 * <p>Each hostile package also has one good figure, so a run can check that the bad part is
 * rejected and the rest of the article is kept.
 */
public final class HostilePmc {
  private HostilePmc() {}

  /** One generated input and what must come of it. */
  public record Case(String name, Path file, String reason, String badFigureId, List<String> goodFigureIds,
      boolean dropsArticle) {}

  /** Sizes that decide how long the corpus takes to build; {@link #ISSUE} is the issue's. */
  public record Sizes(long bigEntryBytes, long bigFileBytes, int captionChars) {}

  /**
   * The issue's sizes: a 1 GiB entry, a 2.2 GiB (sparse) file, a 20 MB caption (a 50 MB one makes
   * the article itself exceed the 32 MiB article limit: {@code article-too-large}).
   */
  public static final Sizes ISSUE = new Sizes(1L << 30, 2_200_000_000L, 20_000_000);
  /** Smaller but still over the default limits (64 MiB entry, 1 GiB file, 50,000-char caption). */
  public static final Sizes QUICK = new Sizes(80L << 20, 1_100_000_000L, 2_000_000);

  /** A good caption naming HPO terms (each maps to a phenotype the linker finds). */
  public static final String GOOD_CAPTION = "Dermoscopy of a melanocytic nevus on the trunk. Globular pattern with "
      + "uniform brown globules; basal cell carcinoma was considered.";

  /**
   * Writes the corpus into {@code dir}: good packages and one package or file per attack.
   * {@code images} are real JPEGs (at least 3) used for the good figures.
   */
  public static List<Case> write(Path dir, List<Path> images, Sizes sizes) throws IOException {
    Files.createDirectories(dir);
    byte[] jpg1 = Files.readAllBytes(images.get(0));
    byte[] jpg2 = Files.readAllBytes(images.get(1));
    byte[] jpg3 = Files.readAllBytes(images.get(2));
    List<Case> cases = new ArrayList<>();
    int[] next = {9100001};

    // good articles, two figures each
    for (int i = 0; i < 2; i++) {
      String id = "PMC" + next[0]++;
      byte[] pkg = Tar.gz(t -> t.file(id + "/" + id + ".nxml", article(id, figs(id, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
          .file(id + "/" + id + "-g1.jpg", jpg1).file(id + "/" + id + "-g2.jpg", jpg2));
      cases.add(write(dir, id, pkg, null, null, List.of(id + "/F1", id + "/F2")));
    }
    cases.add(badFigure(dir, next, "image-too-large", jpg3, HostileImages.hugePng(26_000, 26_000, 8), "png"));
    cases.add(badFigure(dir, next, "image-too-large", jpg3, HostileImages.headerOnlyPng(20_000, 20_000), "png"));
    cases.add(badFigure(dir, next, "image-truncated", jpg3, HostileImages.truncated(jpg1, 0.6), "jpg"));
    cases.add(badFigure(dir, next, "image-corrupt", jpg3, HostileImages.garbageJpeg(4000, 3), "jpg"));

    // a referenced entry that inflates to bigEntryBytes (the package stays small)
    String big = "PMC" + next[0]++;
    writeStreaming(dir, big, t -> t.file(big + "/" + big + ".nxml", article(big, figs(big, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
        .file(big + "/" + big + "-g1.jpg", jpg3).zeros(big + "/" + big + "-g2.jpg", sizes.bigEntryBytes()));
    cases.add(new Case("entry-too-large", dir.resolve(big + ".tar.gz"), "entry-too-large", big + "/F2",
        List.of(big + "/F1"), false));

    // the same entry, not referenced by the XML: skipped, nothing rejected, both figures kept
    String unref = "PMC" + next[0]++;
    writeStreaming(dir, unref, t -> t.zeros(unref + "/" + unref + "-supplement.tif", sizes.bigEntryBytes())
        .file(unref + "/" + unref + ".nxml", article(unref, figs(unref, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
        .file(unref + "/" + unref + "-g1.jpg", jpg1).file(unref + "/" + unref + "-g2.jpg", jpg3));
    cases.add(new Case("unreferenced-big-entry", dir.resolve(unref + ".tar.gz"), null, null,
        List.of(unref + "/F1", unref + "/F2"), false));

    // symbolic and hard link entries used as figure images
    for (String kind : List.of("symlink", "hardlink")) {
      String id = "PMC" + next[0]++;
      byte[] pkg = Tar.gz(t -> {
        t.file(id + "/" + id + ".nxml", article(id, figs(id, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
            .file(id + "/" + id + "-g1.jpg", jpg2);
        if (kind.equals("symlink")) t.symlink(id + "/" + id + "-g2.jpg", "/etc/passwd");
        else t.hardlink(id + "/" + id + "-g2.jpg", id + "/" + id + "-g1.jpg");
      });
      cases.add(write(dir, id, pkg, "link-entry", id + "/F2", List.of(id + "/F1")));
    }

    // a caption of captionChars naming many phenotypes
    String cap = "PMC" + next[0]++;
    String longCaption = longCaption(sizes.captionChars());
    byte[] capPkg = Tar.gz(t -> t.file(cap + "/" + cap + ".nxml", article(cap, figs(cap, "g1", GOOD_CAPTION, "g2", longCaption)))
        .file(cap + "/" + cap + "-g1.jpg", jpg1).file(cap + "/" + cap + "-g2.jpg", jpg2));
    cases.add(write(dir, cap, capPkg, "caption-too-long", cap + "/F2", List.of(cap + "/F1")));

    // a DOCTYPE whose internal subset declares an entity first, then pads past 8 KB
    String dtd = "PMC" + next[0]++;
    StringBuilder subset = new StringBuilder("<!ENTITY a \"aaaaaaaaaa\">\n");
    while (subset.length() < 64 * 1024) subset.append("<!-- padding padding padding padding padding padding -->\n");
    String doctypeXml = new String(article(dtd, figs(dtd, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)), StandardCharsets.UTF_8)
        .replace("<article ", "<!DOCTYPE article [\n" + subset + "]>\n<article ");
    Files.writeString(dir.resolve(dtd + ".nxml"), doctypeXml);
    cases.add(new Case("doctype-entities", dir.resolve(dtd + ".nxml"), "xml-doctype-entities", null, List.of(), true));

    // a truncated package: gzip cut in the middle
    String cut = "PMC" + next[0]++;
    byte[] whole = Tar.gz(t -> t.file(cut + "/" + cut + ".nxml", article(cut, figs(cut, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
        .file(cut + "/" + cut + "-g1.jpg", jpg1).file(cut + "/" + cut + "-g2.jpg", jpg2));
    cases.add(write(dir, cut, Arrays.copyOf(whole, whole.length / 2), "package-corrupt", null, List.of()));

    // an input file over the file limit (sparse: no disk, no time)
    String huge = "PMC" + next[0]++;
    Path hugeFile = dir.resolve(huge + ".tar.gz");
    try (RandomAccessFile f = new RandomAccessFile(hugeFile.toFile(), "rw")) {
      f.setLength(sizes.bigFileBytes());
    }
    cases.add(new Case("file-too-large", hugeFile, "file-too-large", null, List.of(), true));
    return cases;
  }

  /** The good figures every case keeps. */
  public static List<String> goodFigures(List<Case> cases) {
    return cases.stream().flatMap(c -> c.goodFigureIds().stream()).toList();
  }

  /** reason → number of cases expecting it. */
  public static Map<String, Long> expectedReasons(List<Case> cases) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (Case c : cases) if (c.reason() != null) m.merge(c.reason(), 1L, Long::sum);
    return m;
  }

  private static Case badFigure(Path dir, int[] next, String reason, byte[] good, byte[] bad, String ext) {
    String id = "PMC" + next[0]++;
    byte[] pkg = Tar.gz(t -> t.file(id + "/" + id + ".nxml", article(id, figs(id, "g1", GOOD_CAPTION, "g2", GOOD_CAPTION)))
        .file(id + "/" + id + "-g1.jpg", good).file(id + "/" + id + "-g2." + ext, bad));
    return write(dir, id, pkg, reason, id + "/F2", List.of(id + "/F1"));
  }

  /** {@code reason} null: a good input; {@code bad} null with a reason: the whole input is rejected. */
  private static Case write(Path dir, String id, byte[] pkg, String reason, String bad, List<String> good) {
    try {
      Path f = dir.resolve(id + ".tar.gz");
      Files.write(f, pkg);
      return new Case(reason == null ? "good" : reason, f, reason, bad, good, reason != null && bad == null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeStreaming(Path dir, String id, java.util.function.Consumer<Tar> entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(dir.resolve(id + ".tar.gz")); Tar t = new Tar(out)) {
      entries.accept(t);
    }
  }

  /** Caption text of {@code chars} characters that names a phenotype every sentence. */
  public static String longCaption(int chars) {
    String[] terms = {"melanocytic nevus", "basal cell carcinoma", "hemangioma", "seborrheic keratosis",
        "squamous cell carcinoma of the skin", "actinic keratosis", "dermatofibroma", "melanoma", "pneumonia"};
    StringBuilder sb = new StringBuilder(chars + 64);
    for (int i = 0; sb.length() < chars; i++) sb.append("Lesion ").append(i).append(" shows ").append(terms[i % terms.length]).append(". ");
    sb.setLength(chars);
    return sb.toString();
  }

  static String figs(String id, String g1, String c1, String g2, String c2) {
    return fig(id, "F1", g1, c1) + fig(id, "F2", g2, c2);
  }

  private static String fig(String id, String fid, String g, String caption) {
    return "<fig id=\"" + fid + "\"><label>Figure</label><caption><p>" + caption + "</p></caption>"
        + "<graphic xlink:href=\"" + id + "-" + g + "\"/></fig>\n";
  }

  /** A minimal JATS article holding the given {@code <fig>} elements. */
  public static byte[] article(String id, String figs) {
    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<article xmlns:xlink=\"http://www.w3.org/1999/xlink\" article-type=\"case-report\">\n"
        + "<front><article-meta><article-id pub-id-type=\"pmc\">" + id.substring(3) + "</article-id>"
        + "<title-group><article-title>Hostile-input test article " + id + "</article-title></title-group>"
        + "</article-meta></front>\n<body><p>See the figures.</p></body>\n<floats-group>\n" + figs
        + "</floats-group>\n</article>\n";
    return xml.getBytes(StandardCharsets.UTF_8);
  }
}
