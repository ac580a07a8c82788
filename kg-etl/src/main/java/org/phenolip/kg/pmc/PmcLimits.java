package org.phenolip.kg.pmc;

import java.io.Serializable;
import org.phenolip.core.image.ImageLimits;

/**
 * What one PMC input may cost, checked before the bytes are allocated: the input file's size
 * (from the file system), every tar entry's and the whole package's uncompressed size (from the
 * tar headers, before the entry is inflated), the article XML's size, and a caption's length.
 * Images are checked with {@link ImageLimits} (pixels from the header, then a strict decode).
 *
 * @param maxFileBytes    an input file ({@code file-too-large}); also bounds what is read into memory
 * @param maxPackageBytes sum of the uncompressed sizes of a package's entries ({@code package-too-large})
 * @param maxEntryBytes   one figure image entry ({@code entry-too-large})
 * @param maxArticleBytes the article XML, loose or in a package ({@code article-too-large}/{@code file-too-large})
 * @param maxCaptionChars one figure caption ({@code caption-too-long}: the figure is dropped)
 * @param image           pixel, dimension and encoded-size limits of a figure image
 */
public record PmcLimits(long maxFileBytes, long maxPackageBytes, long maxEntryBytes, long maxArticleBytes,
    int maxCaptionChars, ImageLimits image) implements Serializable {
  /**
   * 1 GiB per input file, 4 GiB uncompressed per package, 64 MiB per figure entry, 32 MiB per
   * article, 50,000 characters per caption (real PMC captions stay under ~10,000), 40 MP images.
   */
  public static final PmcLimits DEFAULT = new PmcLimits(1L << 30, 4L << 30, 64L << 20, 32L << 20, 50_000,
      ImageLimits.DEFAULT);

  /** Bytes of image entries held while looking for the article; entries past it are read in a second pass. */
  static final long FIRST_PASS_BUFFER = 64L << 20;

  public PmcLimits {
    if (maxFileBytes < 1 || maxPackageBytes < 1 || maxEntryBytes < 1 || maxArticleBytes < 1 || maxCaptionChars < 1) {
      throw new IllegalArgumentException("PMC limits must be positive");
    }
    if (maxFileBytes > Integer.MAX_VALUE - 16) {
      // a file is read into one byte[]; Java arrays stop just under 2 GiB
      throw new IllegalArgumentException("maxFileBytes above " + (Integer.MAX_VALUE - 16) + " cannot be read into memory");
    }
  }

  public PmcLimits withImage(ImageLimits limits) {
    return new PmcLimits(maxFileBytes, maxPackageBytes, maxEntryBytes, maxArticleBytes, maxCaptionChars, limits);
  }

  public PmcLimits withEntryBytes(long bytes) {
    return new PmcLimits(maxFileBytes, maxPackageBytes, bytes, maxArticleBytes, maxCaptionChars, image);
  }

  public PmcLimits withPackageBytes(long bytes) {
    return new PmcLimits(maxFileBytes, bytes, maxEntryBytes, maxArticleBytes, maxCaptionChars, image);
  }

  public PmcLimits withFileBytes(long bytes) {
    return new PmcLimits(bytes, maxPackageBytes, maxEntryBytes, maxArticleBytes, maxCaptionChars, image);
  }

  public PmcLimits withCaptionChars(int chars) {
    return new PmcLimits(maxFileBytes, maxPackageBytes, maxEntryBytes, maxArticleBytes, chars, image);
  }
}
