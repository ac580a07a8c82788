package org.phenolip.core.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A minimal ustar writer (regular files, symbolic and hard links, zero-filled entries streamed
 * without holding them) gzip-compressed as it goes: enough to build PMC OA packages, good or
 * hostile, without a tar library in every module's tests.
 */
public final class Tar implements AutoCloseable {
  private final GZIPOutputStream gz;

  public Tar(OutputStream out) {
    try {
      gz = new GZIPOutputStream(out, 1 << 16) {
        { def.setLevel(Deflater.BEST_SPEED); }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A whole package in memory. */
  public static byte[] gz(java.util.function.Consumer<Tar> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Tar t = new Tar(out)) {
      entries.accept(t);
    }
    return out.toByteArray();
  }

  public Tar file(String name, byte[] data) {
    header(name, data.length, '0', "");
    write(data);
    pad(data.length);
    return this;
  }

  /** An entry of {@code size} zero bytes, written in blocks (inflates to {@code size}). */
  public Tar zeros(String name, long size) {
    header(name, size, '0', "");
    byte[] block = new byte[1 << 16];
    for (long left = size; left > 0; left -= block.length) {
      write(block, (int) Math.min(block.length, left));
    }
    pad(size);
    return this;
  }

  public Tar symlink(String name, String target) {
    header(name, 0, '2', target);
    return this;
  }

  public Tar hardlink(String name, String target) {
    header(name, 0, '1', target);
    return this;
  }

  private void header(String name, long size, char type, String link) {
    byte[] h = new byte[512];
    put(h, 0, 100, name);
    put(h, 100, 8, "0000644");
    put(h, 108, 8, "0000000");
    put(h, 116, 8, "0000000");
    put(h, 124, 12, String.format("%011o", size));
    put(h, 136, 12, String.format("%011o", 0));
    for (int i = 148; i < 156; i++) h[i] = ' ';
    h[156] = (byte) type;
    put(h, 157, 100, link);
    put(h, 257, 6, "ustar");
    put(h, 263, 2, "00");
    long sum = 0;
    for (byte b : h) sum += b & 0xFF;
    put(h, 148, 7, String.format("%06o", sum) + "\0");
    write(h);
  }

  private static void put(byte[] h, int off, int len, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    if (b.length > len) throw new IllegalArgumentException("tar field too long: " + s);
    System.arraycopy(b, 0, h, off, b.length);
  }

  private void pad(long size) {
    int rest = (int) (size % 512);
    if (rest != 0) write(new byte[512 - rest]);
  }

  private void write(byte[] b) {
    write(b, b.length);
  }

  private void write(byte[] b, int n) {
    try {
      gz.write(b, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      gz.write(new byte[1024]);
      gz.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
