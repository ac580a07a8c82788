package org.phenolip.core.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy {@code .npz} archives (MedMNIST ships as these): a zip of {@code .npy} arrays.
 * Supports C-ordered integer, float and bool dtypes, which is what image datasets use.
 */
public final class Npz {
  private Npz() {}

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=])([a-z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** One array: its shape, dtype code (u1, i8, f4...) and raw little-endian bytes. */
  public record Array(String name, int[] shape, char kind, int itemSize, ByteOrder order, byte[] data) {
    public long size() {
      long n = 1;
      for (int d : shape) n *= d;
      return n;
    }

    /** Values as unsigned bytes; only for {@code u1}/{@code b1} arrays. */
    public byte[] uint8() {
      if (itemSize != 1) throw new IllegalStateException(name + " has dtype " + kind + itemSize + ", not u1");
      return data;
    }

    /** Values widened to long, for any integer dtype (labels are u1 or i8). */
    public long[] longs() {
      long[] out = new long[Math.toIntExact(size())];
      ByteBuffer b = ByteBuffer.wrap(data).order(order);
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (kind + "" + itemSize) {
          case "u1", "b1" -> Byte.toUnsignedLong(b.get());
          case "i1" -> b.get();
          case "u2" -> Short.toUnsignedLong(b.getShort());
          case "i2" -> b.getShort();
          case "u4" -> Integer.toUnsignedLong(b.getInt());
          case "i4" -> b.getInt();
          case "i8", "u8" -> b.getLong();
          default -> throw new IllegalStateException(name + ": not an integer dtype " + kind + itemSize);
        };
      }
      return out;
    }

    public float[] floats() {
      float[] out = new float[Math.toIntExact(size())];
      ByteBuffer b = ByteBuffer.wrap(data).order(order);
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (kind + "" + itemSize) {
          case "f4" -> b.getFloat();
          case "f8" -> (float) b.getDouble();
          default -> (float) longs()[i];
        };
      }
      return out;
    }
  }

  public static Map<String, Array> read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    }
  }

  /**
   * Only the named arrays of a local {@code .npz} (random access: the others are not
   * decompressed), e.g. the labels on the driver and the images on the executors; an absent
   * name is absent from the result. With {@code headersOnly}, each array's data is empty and only
   * its shape and dtype are read.
   */
  public static Map<String, Array> read(Path file, java.util.Collection<String> names, boolean headersOnly) throws IOException {
    Map<String, Array> out = new LinkedHashMap<>();
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      for (String name : names) {
        ZipEntry e = zip.getEntry(name + ".npy");
        if (e == null) continue;
        try (InputStream in = zip.getInputStream(e)) {
          byte[] bytes = headersOnly ? in.readNBytes(MAX_HEADER) : in.readAllBytes();
          out.put(name, parseNpy(name, bytes, file.toString(), headersOnly));
        }
      }
    } catch (java.util.zip.ZipException ex) {
      throw new IOException(file + ": not a valid .npz archive: " + ex.getMessage(), ex);
    }
    return out;
  }

  /** The names of a local {@code .npz}'s arrays. */
  public static List<String> names(Path file) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
      return zip.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".npy")).map(n -> n.substring(0, n.length() - 4)).toList();
    } catch (java.util.zip.ZipException ex) {
      throw new IOException(file + ": not a valid .npz archive: " + ex.getMessage(), ex);
    }
  }

  /** Bytes enough for any .npy header (version 1 headers are at most 65,535 bytes). */
  private static final int MAX_HEADER = 65_547;

  public static Map<String, Array> read(InputStream raw, String source) throws IOException {
    Map<String, Array> out = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(raw)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        if (!e.getName().endsWith(".npy")) continue;
        String name = e.getName().substring(0, e.getName().length() - 4);
        out.put(name, parseNpy(name, zip.readAllBytes(), source, false));
      }
    } catch (java.util.zip.ZipException ex) {
      throw new IOException(source + ": not a valid .npz archive: " + ex.getMessage(), ex);
    }
    if (out.isEmpty()) throw new IOException(source + ": no .npy arrays in archive");
    return out;
  }

  static Array parseNpy(String name, byte[] bytes, String source, boolean headerOnly) throws IOException {
    if (bytes.length < 10 || bytes[0] != (byte) 0x93 || !new String(bytes, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(source + ":" + name + ": not a .npy array (bad magic)");
    }
    int major = bytes[6];
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen;
    int offset;
    if (major == 1) {
      headerLen = Short.toUnsignedInt(b.getShort(8));
      offset = 10;
    } else {
      headerLen = b.getInt(8);
      offset = 12;
    }
    String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) throw new IOException(source + ":" + name + ": unreadable .npy header: " + header.trim());
    if (f.group(1).equals("True")) throw new IOException(source + ":" + name + ": Fortran-ordered arrays are not supported");
    int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
        .mapToInt(Integer::parseInt).toArray();
    char kind = d.group(2).charAt(0);
    int item = Integer.parseInt(d.group(3));
    ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    long n = 1;
    for (int x : shape) n *= x;
    int start = offset + headerLen;
    if (headerOnly) return new Array(name, shape, kind, item, order, new byte[0]);
    long need = n * item;
    if (bytes.length - start < need) {
      throw new IOException(source + ":" + name + ": truncated: expected " + need + " data bytes, found " + (bytes.length - start));
    }
    byte[] data = Arrays.copyOfRange(bytes, start, start + (int) need);
    return new Array(name, shape, kind, item, order, data);
  }

  /** Writes a single u1 array as .npy bytes (for tests and tools). */
  public static byte[] npyUint8(int[] shape, byte[] data) {
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).reduce((a, c) -> a + ", " + c).orElse("");
    if (shape.length == 1) dims += ",";
    StringBuilder h = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': (" + dims + "), }");
    while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
    h.append('\n');
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x93);
    out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
    out.write(1);
    out.write(0);
    out.write(h.length() & 0xff);
    out.write(h.length() >> 8);
    out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }
}
