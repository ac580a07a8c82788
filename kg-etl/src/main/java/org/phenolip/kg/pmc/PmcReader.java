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
import org.phenolip.core.image.ImageRejectedException;
import org.phenolip.core.image.SafeImageDecoder;

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
 * one warning-level {@code image-missing} reject (the figure row is kept, image null). Other
 * graphics of a figure that has its image (alternatives, extra panels) are listed in
 * {@code graphics} only.
 *
 * <p>Hostile inputs cost no more than {@link PmcLimits} allow, and each is a reject with its own
 * reason: sizes are checked from the file system and the tar headers before anything is
 * allocated ({@code file-too-large}, {@code package-too-large}, {@code article-too-large},
 * {@code entry-too-large}); entries the XML does not reference are streamed past, never held;
 * link entries are not followed ({@code link-entry}); each used image is decoded strictly within
 * the pixel limits ({@code image-too-large}, {@code image-truncated}, {@code image-corrupt},
 * {@code image-unsupported}); a caption over the limit drops its figure ({@code caption-too-long}).
 * Every image-level reason keeps the figure row with a null image, so rows with
 * {@link RejectReason#dropsImage()} reasons = packaged figures with graphics and a null image.
 */
public final class PmcReader {
  private PmcReader() {}

  private static final List<String> IMAGE_EXT = List.of("jpg", "jpeg", "png", "tif", "tiff", "gif", "bmp", "webp");

  public static ParsedArticle read(SourceDocument doc) {
    return read(doc, PmcLimits.DEFAULT);
  }

  public static ParsedArticle read(SourceDocument doc, PmcLimits limits) {
    if (doc.bytes().length > limits.maxFileBytes()) {
      return ParsedArticle.rejected(Reject.of(doc.source(), RejectReason.FILE_TOO_LARGE,
          doc.bytes().length + " bytes exceeds the input file limit of " + limits.maxFileBytes()));
    }
    return switch (doc.kind()) {
      case XML -> doc.bytes().length > limits.maxArticleBytes()
          ? ParsedArticle.rejected(Reject.of(doc.source(), RejectReason.FILE_TOO_LARGE,
              "article XML of " + doc.bytes().length + " bytes exceeds the limit of " + limits.maxArticleBytes()))
          : limitCaptions(doc.source(), JatsReader.read(doc.source(), doc.bytes()), limits);
      case PACKAGE -> readPackage(doc.source(), doc.bytes(), limits);
    };
  }

  /** Reads a file from disk; an unreadable file becomes an {@code io-error} reject. */
  public static ParsedArticle read(Path file) {
    return read(file, PmcLimits.DEFAULT);
  }

  /**
   * Reads a file from disk after checking its size (so a file too large for memory is a
   * {@code file-too-large} reject, not an allocation failure); unreadable: {@code io-error}.
   */
  public static ParsedArticle read(Path file, PmcLimits limits) {
    String source = file.toString();
    SourceDocument doc;
    try {
      long size = Files.size(file);
      boolean xml = SourceDocument.kindOf(file.getFileName().toString()) == SourceDocument.Kind.XML;
      long limit = xml ? Math.min(limits.maxFileBytes(), limits.maxArticleBytes()) : limits.maxFileBytes();
      if (size > limit) {
        return ParsedArticle.rejected(Reject.of(source, RejectReason.FILE_TOO_LARGE,
            size + " bytes exceeds the " + (xml ? "article XML" : "input file") + " limit of " + limit));
      }
      doc = SourceDocument.of(source, Files.readAllBytes(file)); // unreadable, or not a PMC input by its name
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | SecurityException e) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.IO_ERROR, e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return read(doc, limits); // the readers reject bad input themselves; anything else they throw is a bug
  }

  static ParsedArticle readPackage(String source, byte[] bytes) {
    return readPackage(source, bytes, PmcLimits.DEFAULT);
  }

  /** One tar entry's header facts: uncompressed size and, for link entries, the target. */
  private record EntryInfo(long size, String linkTarget) {}

  /**
   * Two passes at most, never holding more than the limits allow: the first reads the article
   * entries and buffers small image entries (up to {@link PmcLimits#FIRST_PASS_BUFFER}); once the
   * XML says which images are used, a second pass reads the referenced ones it did not buffer.
   * Entries the XML does not reference are streamed past, never held.
   */
  static ParsedArticle readPackage(String source, byte[] bytes, PmcLimits limits) {
    if (bytes.length == 0) return ParsedArticle.rejected(Reject.of(source, RejectReason.EMPTY_FILE, "0 bytes"));
    TreeMap<String, byte[]> articles = new TreeMap<>();
    Map<String, Long> oversizeArticles = new TreeMap<>();
    Map<String, EntryInfo> imageEntries = new HashMap<>();
    Map<String, byte[]> images = new HashMap<>();
    int entries = 0;
    long declared = 0;
    long buffered = 0;
    String last = null;
    try (TarArchiveInputStream tar = tar(bytes)) {
      TarArchiveEntry e;
      while ((e = (TarArchiveEntry) tar.getNextEntry()) != null) {
        entries++;
        String name = e.getName();
        last = name;
        declared += Math.max(0, e.getSize());
        if (declared > limits.maxPackageBytes()) {
          return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_TOO_LARGE, "entries add up to more than "
              + limits.maxPackageBytes() + " bytes uncompressed (at " + name + ", " + entries + " entries)"));
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean article = lower.endsWith(".nxml") || lower.endsWith(".xml");
        boolean image = IMAGE_EXT.contains(ext(lower));
        if (e.isSymbolicLink() || e.isLink()) {
          if (image) imageEntries.put(name, new EntryInfo(0, e.getLinkName()));
          continue;
        }
        if (!e.isFile()) continue;
        if (article) {
          if (e.getSize() > limits.maxArticleBytes()) oversizeArticles.put(name, e.getSize());
          else articles.put(name, tar.readNBytes((int) e.getSize()));
        } else if (image) {
          imageEntries.put(name, new EntryInfo(e.getSize(), null));
          if (e.getSize() <= limits.maxEntryBytes() && buffered + e.getSize() <= PmcLimits.FIRST_PASS_BUFFER) {
            images.put(name, tar.readNBytes((int) e.getSize()));
            buffered += e.getSize();
          }
        }
      }
    } catch (IOException e) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT, packageProblem(e, entries, last)));
    } catch (RuntimeException e) {
      if (!InputErrors.fromInputLibrary(e)) throw e; // a bug here fails loudly
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT, packageProblem(e, entries, last)));
    }
    if (entries == 0) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_CORRUPT, "no tar entries"));
    }
    if (articles.isEmpty() && !oversizeArticles.isEmpty()) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.ARTICLE_TOO_LARGE, "article entries "
          + oversizeArticles + " exceed the limit of " + limits.maxArticleBytes() + " bytes"));
    }
    if (articles.isEmpty()) {
      return ParsedArticle.rejected(Reject.of(source, RejectReason.PACKAGE_NO_ARTICLE,
          entries + " entries, none .nxml/.xml"));
    }
    // .nxml is PMC's article file; a stray .xml (e.g. a manifest) only if there is no .nxml
    String chosen = articles.keySet().stream().filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".nxml")).findFirst()
        .orElse(articles.firstKey());
    ParsedArticle parsed = limitCaptions(source, JatsReader.read(source + "!" + chosen, articles.get(chosen)), limits);
    List<Reject> rejects = new ArrayList<>(parsed.rejects());
    if (articles.size() > 1 || !oversizeArticles.isEmpty()) {
      List<String> others = new ArrayList<>(articles.keySet());
      others.remove(chosen);
      others.addAll(oversizeArticles.keySet());
      rejects.add(Reject.of(source, RejectReason.PACKAGE_EXTRA_ARTICLE, "read " + chosen + ", ignored " + others));
    }
    articles.clear();
    if (parsed.isRejected()) return new ParsedArticle(null, List.of(), rejects);
    return attachImages(source, parsed, imageEntries, images, bytes, rejects, limits);
  }

  private static TarArchiveInputStream tar(byte[] bytes) throws IOException {
    return new TarArchiveInputStream(new GzipCompressorInputStream(new ByteArrayInputStream(bytes)));
  }

  /** A one-line account of why a package could not be read (never just "EOFException: null"). */
  static String packageProblem(Exception e, int entries, String lastEntry) {
    String where = entries == 0 ? "before the first tar entry" : "after " + entries + " entries (last: " + lastEntry + ")";
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (e instanceof java.io.EOFException || root instanceof java.io.EOFException
        || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("truncated")) {
      return "truncated: the gzip/tar data ends early, " + where;
    }
    String msg = e.getMessage() == null ? root.getMessage() : e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg) + ", " + where;
  }

  /** Drops figures whose caption is over the limit, each with a {@code caption-too-long} warning. */
  static ParsedArticle limitCaptions(String source, ParsedArticle parsed, PmcLimits limits) {
    if (parsed.isRejected()) return parsed;
    List<Figure> kept = new ArrayList<>(parsed.figures().size());
    List<Reject> rejects = new ArrayList<>(parsed.rejects());
    for (Figure f : parsed.figures()) {
      int len = f.caption() == null ? 0 : f.caption().length();
      if (len > limits.maxCaptionChars()) {
        rejects.add(Reject.of(source + "#" + f.figId(), RejectReason.CAPTION_TOO_LONG,
            f.figureId() + ": caption of " + len + " characters exceeds the limit of " + limits.maxCaptionChars()));
      } else {
        kept.add(f);
      }
    }
    return kept.size() == parsed.figures().size() ? parsed : new ParsedArticle(parsed.article(), kept, rejects);
  }

  /**
   * Images from a folder (a {@code kg fetch} version folder) instead of a package: the same
   * matching, limits and checks. {@code sizes} has every image file's size; {@code images} the
   * bytes of those within the entry limit (larger ones are never read).
   */
  static ParsedArticle withFolderImages(String source, ParsedArticle parsed, Map<String, Long> sizes, Map<String, byte[]> images,
      PmcLimits limits) {
    ParsedArticle p = limitCaptions(source, parsed, limits);
    Map<String, EntryInfo> entries = new HashMap<>();
    sizes.forEach((name, size) -> entries.put(name, new EntryInfo(size, null)));
    return attachImages(source, p, entries, new HashMap<>(images), null, new ArrayList<>(p.rejects()), limits);
  }

  private static ParsedArticle attachImages(String source, ParsedArticle parsed, Map<String, EntryInfo> entries,
      Map<String, byte[]> images, byte[] pkg, List<Reject> rejects, PmcLimits limits) {
    Map<String, String> byKey = indexImages(entries.keySet());
    // which entry each figure uses, before anything else is read
    List<String> chosen = new ArrayList<>(parsed.figures().size());
    List<List<String>> missingByFigure = new ArrayList<>();
    java.util.Set<String> needed = new java.util.HashSet<>();
    for (Figure f : parsed.figures()) {
      String found = null;
      List<String> missing = new ArrayList<>();
      for (String href : f.graphics()) {
        String entry = lookup(byKey, href);
        if (entry == null) missing.add(href);
        else if (found == null) found = entry;
      }
      chosen.add(found);
      missingByFigure.add(missing);
      if (found != null) {
        EntryInfo info = entries.get(found);
        if (info.linkTarget() == null && info.size() <= limits.maxEntryBytes() && !images.containsKey(found)) needed.add(found);
      }
    }
    if (!needed.isEmpty() && pkg != null) {
      String problem = readEntries(pkg, needed, images);
      if (problem != null) {
        return new ParsedArticle(null, List.of(), List.of(Reject.of(source, RejectReason.PACKAGE_CORRUPT, problem)));
      }
    }
    Map<String, Reject> verdicts = new HashMap<>(); // entry → why its image is refused (checked once)
    List<Figure> out = new ArrayList<>(parsed.figures().size());
    for (int i = 0; i < parsed.figures().size(); i++) {
      Figure f = parsed.figures().get(i);
      String found = chosen.get(i);
      String figSource = source + "#" + f.figId();
      if (found == null) {
        if (!missingByFigure.get(i).isEmpty()) {
          rejects.add(Reject.of(figSource, RejectReason.IMAGE_MISSING,
              f.figureId() + ": no image in package for " + missingByFigure.get(i)));
        }
        out.add(f);
        continue;
      }
      EntryInfo info = entries.get(found);
      String detail = null;
      RejectReason reason = null;
      if (info.linkTarget() != null) {
        reason = RejectReason.LINK_ENTRY;
        detail = f.figureId() + ": " + found + " is a link to " + info.linkTarget() + "; not followed";
      } else if (info.size() > limits.maxEntryBytes()) {
        reason = RejectReason.ENTRY_TOO_LARGE;
        detail = f.figureId() + ": " + found + " is " + info.size() + " bytes uncompressed, over the entry limit of "
            + limits.maxEntryBytes() + "; not inflated";
      } else {
        Reject v = verdicts.computeIfAbsent(found, name -> check(figSource, f, name, images.get(name), limits));
        if (v.reason() != null) {
          reason = RejectReason.byCode(v.reason()).orElseThrow();
          detail = f.figureId() + ": " + found + ": " + v.detail();
        }
      }
      if (reason != null) {
        rejects.add(Reject.of(figSource, reason, detail));
        out.add(f);
      } else {
        out.add(f.withImage(found, images.get(found)));
      }
    }
    return new ParsedArticle(parsed.article(), out, rejects);
  }

  /** A reject with a null reason when the image decodes within the limits. */
  private static Reject check(String figSource, Figure f, String name, byte[] image, PmcLimits limits) {
    try {
      SafeImageDecoder.decode(image, limits.image());
      return new Reject(figSource, Reject.STAGE, null, null);
    } catch (ImageRejectedException e) {
      return new Reject(figSource, Reject.STAGE, e.code(), e.detail());
    }
  }

  /** Second pass: reads the named entries into {@code into}; null, or why the package broke. */
  private static String readEntries(byte[] pkg, java.util.Set<String> names, Map<String, byte[]> into) {
    int entries = 0;
    String last = null;
    try (TarArchiveInputStream tar = tar(pkg)) {
      TarArchiveEntry e;
      while (!into.keySet().containsAll(names) && (e = (TarArchiveEntry) tar.getNextEntry()) != null) {
        entries++;
        last = e.getName();
        if (e.isFile() && names.contains(e.getName())) into.put(e.getName(), tar.readNBytes((int) e.getSize()));
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return packageProblem(e, entries, last);
    }
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
