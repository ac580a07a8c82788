package org.phenolip.core.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Hostile images, built byte by byte so every reader of images is tested against the same set:
 * valid PNGs whose pixel count is far beyond any sane figure (a decompression bomb: a few hundred
 * KB that decode to gigabytes), a PNG that is only a header, and truncations of real files.
 * Shared with the other modules through core's test jar.
 */
public final class HostileImages {
  private HostileImages() {}

  /**
   * A valid all-black grayscale PNG of {@code width × height}: every row is written (filter 0,
   * zeros) and deflated as it streams, so the encoder never holds the image. {@code bitDepth}
   * 1 keeps generation fast; 8 at 26000² gives the ~2-3 MB bomb of the issue.
   */
  public static byte[] hugePng(int width, int height, int bitDepth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeSignatureAndHeader(out, width, height, bitDepth);
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
      byte[] row = new byte[1 + (int) (((long) width * bitDepth + 7) / 8)];
      for (int y = 0; y < height; y++) {
        z.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Signature, IHDR for {@code width × height} 8-bit RGB, then IEND: a header and nothing else. */
  public static byte[] headerOnlyPng(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(width, height, 8, 2));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** The first {@code fraction} of a real file's bytes (a download or tar entry cut short). */
  public static byte[] truncated(byte[] real, double fraction) {
    return Arrays.copyOf(real, Math.max(1, (int) (real.length * fraction)));
  }

  /** Bytes that start like a JPEG (SOI, APP0) and continue as noise. */
  public static byte[] garbageJpeg(int length, long seed) {
    byte[] b = new byte[length];
    new java.util.Random(seed).nextBytes(b);
    b[0] = (byte) 0xFF;
    b[1] = (byte) 0xD8;
    b[2] = (byte) 0xFF;
    b[3] = (byte) 0xE0;
    return b;
  }

  /** Text that is not an image in any format. */
  public static byte[] notAnImage() {
    return "<html><body>404 Not Found</body></html>".getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeSignatureAndHeader(ByteArrayOutputStream out, int w, int h, int bitDepth) {
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr(w, h, bitDepth, 0));
  }

  private static byte[] ihdr(int w, int h, int bitDepth, int colourType) {
    byte[] d = new byte[13];
    putInt(d, 0, w);
    putInt(d, 4, h);
    d[8] = (byte) bitDepth;
    d[9] = (byte) colourType;
    return d; // compression 0, filter 0, interlace 0
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] len = new byte[4];
    putInt(len, 0, data.length);
    out.writeBytes(len);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    byte[] c = new byte[4];
    putInt(c, 0, (int) crc.getValue());
    out.writeBytes(c);
  }

  private static void putInt(byte[] a, int off, int v) {
    a[off] = (byte) (v >>> 24);
    a[off + 1] = (byte) (v >>> 16);
    a[off + 2] = (byte) (v >>> 8);
    a[off + 3] = (byte) v;
  }
}
