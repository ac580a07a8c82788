package org.phenolip.curate.image;

import java.awt.image.BufferedImage;
import org.phenolip.core.image.ImageLimits;
import org.phenolip.core.image.ImageRejectedException;
import org.phenolip.core.image.SafeImageDecoder;

/**
 * The one place caption-curation decodes figure bytes: the project's {@link SafeImageDecoder}
 * (header-checked size limits before any pixel is allocated, strict decoding), with its typed
 * reason code carried into reject rows.
 */
public final class FigureImages {
  private FigureImages() {}

  /** A figure that could not be decoded: {@code reason} is the decoder's reason code. */
  public static final class Rejected extends Exception {
    private final String reason;

    public Rejected(String reason, String detail) {
      super(reason + ": " + detail);
      this.reason = reason;
    }

    public String reason() { return reason; }
  }

  public static BufferedImage decode(byte[] bytes) throws Rejected {
    try {
      return SafeImageDecoder.decode(bytes, ImageLimits.DEFAULT);
    } catch (ImageRejectedException e) {
      throw new Rejected(e.code(), e.detail());
    }
  }
}
