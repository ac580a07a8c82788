package org.phenolip.kg.pmc;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a PMC input (file, package or figure) became a row of {@code rejects/}. {@link #dropsRecord()}
 * tells the two kinds apart, so that counts reconcile:
 * <ul>
 *   <li>record-level: the document yields no article and no figures
 *       ({@code documents read = articles written + record-level rejects});</li>
 *   <li>warning-level ({@link #IMAGE_MISSING}, {@link #PACKAGE_EXTRA_ARTICLE}): the article or
 *       figure row is still written, the reject row only records what was missing or ignored.</li>
 * </ul>
 */
public enum RejectReason {
  /** Ill-formed or truncated XML; detail gives line:column and the parser's message. */
  XML_MALFORMED("xml-malformed", true),
  /** An internal DTD subset declaring entities (XXE, billion laughs): rejected before any expansion. */
  XML_DOCTYPE_ENTITIES("xml-doctype-entities", true),
  /** Bytes that are not valid in the declared (or default UTF-8) encoding, or an unknown encoding. */
  BAD_ENCODING("bad-encoding", true),
  /** Well-formed XML whose root element is not {@code <article>}. */
  NOT_JATS("not-jats", true),
  /** Zero bytes, or only whitespace. */
  EMPTY_FILE("empty-file", true),
  /** A {@code .tar.gz}/{@code .tgz} that cannot be read (bad gzip or tar stream, truncated). */
  PACKAGE_CORRUPT("package-corrupt", true),
  /** A readable package without any {@code .nxml}/{@code .xml} entry. */
  PACKAGE_NO_ARTICLE("package-no-article", true),
  /** The file could not be read at all (permissions, vanished). */
  IO_ERROR("io-error", true),
  /** The input file is over {@link PmcLimits#maxFileBytes()} (or a loose XML file over the article limit); not read. */
  FILE_TOO_LARGE("file-too-large", true),
  /** A package whose entries' uncompressed sizes add up past {@link PmcLimits#maxPackageBytes()}. */
  PACKAGE_TOO_LARGE("package-too-large", true),
  /** A package whose only article entries are over {@link PmcLimits#maxArticleBytes()}; not inflated. */
  ARTICLE_TOO_LARGE("article-too-large", true),
  /** Warning: a figure's image entry is over {@link PmcLimits#maxEntryBytes()}; not inflated, image null. */
  ENTRY_TOO_LARGE("entry-too-large", false),
  /** Warning: a figure's image entry is a symbolic or hard link; not followed, image null. */
  LINK_ENTRY("link-entry", false),
  /** Warning: a figure image over the pixel or dimension limits (from its header); image null. */
  IMAGE_TOO_LARGE("image-too-large", false),
  /** Warning: a figure image whose data ends early; image null. */
  IMAGE_TRUNCATED("image-truncated", false),
  /** Warning: a figure image that does not decode; image null. */
  IMAGE_CORRUPT("image-corrupt", false),
  /** Warning: a figure image in a format or variant the decoder does not read; image null. */
  IMAGE_UNSUPPORTED("image-unsupported", false),
  /** Warning: a caption over {@link PmcLimits#maxCaptionChars()}; that figure is dropped (no row, no pairs). */
  CAPTION_TOO_LONG("caption-too-long", false),
  /**
   * Warning: a packaged figure has graphics but none of them is in the package; the figure row is
   * kept with a null image. (Loose XML files have no images and give no such warning.)
   */
  IMAGE_MISSING("image-missing", false),
  /** Warning: a package holds several article files; the first (.nxml first, then by name) is read. */
  PACKAGE_EXTRA_ARTICLE("package-extra-article", false);

  private final String code;
  private final boolean dropsRecord;

  RejectReason(String code, boolean dropsRecord) {
    this.code = code;
    this.dropsRecord = dropsRecord;
  }

  /** The value written to the {@code reason} column. */
  public String code() { return code; }

  /** True when the input yields no article row; false for warnings that keep the row. */
  public boolean dropsRecord() { return dropsRecord; }

  /** True for the warning that drops one figure row (the article is kept). */
  public boolean dropsFigure() { return this == CAPTION_TOO_LONG; }

  /** The figure row is kept with a null image: the image is missing or was refused. */
  public boolean dropsImage() {
    return switch (this) {
      case IMAGE_MISSING, ENTRY_TOO_LARGE, LINK_ENTRY, IMAGE_TOO_LARGE, IMAGE_TRUNCATED, IMAGE_CORRUPT,
          IMAGE_UNSUPPORTED -> true;
      default -> false;
    };
  }

  public static Optional<RejectReason> byCode(String code) {
    return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
  }
}
