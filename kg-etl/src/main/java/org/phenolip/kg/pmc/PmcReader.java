package org.phenolip.kg.pmc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@link SourceDocument}: loose JATS XML, or a PMC OA package ({@code .tar.gz} holding the
 * {@code .nxml} and the figure images), whose images are attached to their figures.
 *
 * <p>A pure function of the bytes that never throws on bad input, so it runs as is inside
 * Spark's {@code mapPartitions}. Image matching: a graphic {@code xlink:href} (and, for
 * {@code info:doi/...} hrefs, its last segment) matches a package entry whose base name equals it,
 * with or without the image extension; when several files share a base name (PMC ships
 * {@code .jpg} and {@code .gif}), the best format wins (jpg, png, tif, gif). A figure gets the
 * image of its first graphic that matches. A figure that has graphics but no image among them gives
 * one warning-level {@code image-missing} reject (the figure row is kept, image null); so
 * {@code image-missing} rows = packaged figures with graphics and a null image. Other graphics of a
 * figure that has its image (alternatives, extra panels) are listed in {@code graphics} only.
 */
public final class PmcReader {
  private PmcReader() {}

  private static final List<String> IMAGE_EXT = List.of("jpg", "jpeg", "png", "tif", "tiff", "gif", "bmp", "webp");

  public static ParsedArticle read(SourceDocument doc) {
    return switch (doc.kind()) {
      case XML -> JatsReader.read(doc.source(), doc.bytes());
      case PACKAGE -> readPackage(doc.source(), doc.bytes());
    };
  }

  /** Reads a file from disk; an unreadable file becomes an {@code io-error} reject. */
  public static ParsedArticle read(Path file) {
    String source = file.toString();
    SourceDocument doc;
    try {
      doc = SourceDocument.of(source, Files.readAllBytes(file)); // unreadable, or not a PMC input by its name
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | SecurityException e) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.IO_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return read(doc); // the readers reject bad input themselves; anything else they throw is a bug
  }

  static ParsedArticle readPackage(String source, byte[] bytes) {
    if (bytes.length == 0) return ParsedArticle.rejected(Reject.of(source, RejectReason.EMPTY_FILE, "0 bytes"));
    TreeMap<String, byte[]> articles = new TreeMap<>();
    Map<String, byte[]> images = new HashMap<>();
    int entries = 0;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(bytes)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries++;
        if (!e.isFile()) continue;
        String name = e.getName();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".nxml") || lower.endsWith(".xml")) articles.put(name, tar.readAllBytes());
        else if (IMAGE_EXT.contains(ext(lower))) images.put(name, tar.readAllBytes());
      }
    } catch (IOException e) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT,
          e.getClass().getSimpleName() + ": " + e.getMessage()));
    } catch (RuntimeException e) {
      if (!InputErrors.fromInputLibrary(e)) throw e; // a bug here fails loudly
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT,
          e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    if (entries == 0) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT, "no tar entries"));
    }
    if (articles.isEmpty()) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_NO_ARTICLE,
          entries + " entries, none .nxml/.xml"));
    }
    // .nxml is PMC's article file; a stray .xml (e.g. a manifest) only if there is no .nxml
    String chosen = articles.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".nxml")).findFirst()
        .orElse(articles.firstKey());
    ParsedArticle parsed = JatsReader.read(source + "!" + chosen, articles.get(chosen));
    List<Reject> rejects = new ArrayList<>(parsed.rejects());
    if (articles.size() > 1) {
      List<String> others = new ArrayList<>(articles.keySet());
      others.remove(chosen);
      rejects.add(Reject.of(source, RejectReason.PACKAGE_EXTRA_ARTICLE, "read " + chosen + ", ignored " + others));
    }
    if (parsed.isRejected()) return new ParsedArticle(null, List.of(), rejects);
    return attachImages(source, parsed, images, rejects);
  }

  static ParsedArticle attachImages(String source, ParsedArticle parsed, Map<String, byte[]> images, List<Reject> rejects) {
    Map<String, String> byKey = indexImages(images.keySet());
    List<Figure> out = new ArrayList<>(parsed.figures().size());
    for (Figure f : parsed.figures()) {
      String found = null;
      List<String> missing = new ArrayList<>();
      for (String href : f.graphics()) {
        String entry = lookup(byKey, href);
        if (entry == null) missing.add(href);
        else if (found == null) found = entry;
      }
      if (found != null) f = f.withImage(found, images.get(found));
      if (found == null && !missing.isEmpty()) {
        rejects.add(Reject.of(source + "#" + f.figId(), RejectReason.IMAGE_MISSING,
            f.figureId() + ": no image in package for " + missing));
      }
      out.add(f);
    }
    return new ParsedArticle(parsed.article(), out, rejects);
  }

  /** base name → entry, and base name without extension → best entry by format rank. */
  static Map<String, String> indexImages(Iterable<String> names) {
    Map<String, String> byKey = new HashMap<>();
    for (String name : names) {
      String base = base(name);
      byKey.put(base, name);
      String stem = stem(base);
      String prev = byKey.get(stem);
      if (prev == null || rank(name) < rank(prev)) byKey.put(stem, name);
    }
    return byKey;
  }

  static String lookup(Map<String, String> byKey, String href) {
    for (String key : Figure.imageKeys(href)) {
      String b = base(key);
      String hit = byKey.get(b);
      if (hit == null && IMAGE_EXT.contains(ext(b.toLowerCase(Locale.ROOT)))) hit = byKey.get(stem(b));
      if (hit != null) return hit;
    }
    return null;
  }

  private static int rank(String name) {
    int i = IMAGE_EXT.indexOf(ext(name.toLowerCase(Locale.ROOT)));
    return i < 0 ? IMAGE_EXT.size() : i;
  }

  private static String base(String name) {
    int slash = name.lastIndexOf('/');
    return slash >= 0 ? name.substring(slash + 1) : name;
  }

  private static String stem(String base) {
    int dot = base.lastIndexOf('.');
    return dot > 0 && IMAGE_EXT.contains(base.substring(dot + 1).toLowerCase(Locale.ROOT)) ? base.substring(0, dot) : base;
  }

  private static String ext(String name) {
    int dot = name.lastIndexOf('.');
    return dot >= 0 ? name.substring(dot + 1) : "";
  }
}
