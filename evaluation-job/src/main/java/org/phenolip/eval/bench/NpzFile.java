package org.phenolip.eval.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} reader (zip of {@code .npy}, stored or deflated; C order; dtypes u1,
 * i1, i4, i8, u8 little-endian). Same shape as the {@code org.phenolip.core.io.Npz} the lead
 * is adding to core ({@code read(Path) -> Map<String, Array>} with shape(), uint8(), longs()),
 * so callers switch by changing the import once it is released.
 */
public final class NpzFile {
  private NpzFile() {}

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /** One array: its dtype, shape and raw little-endian data. */
  public record Array(String name, String dtype, int[] shape, byte[] data) {
    public long size() {
      long n = 1;
      for (int s : shape) n *= s;
      return n;
    }

    public int[] shape() { return shape.clone(); }

    /** The data as unsigned bytes (dtype u1 only). */
    public byte[] uint8() {
      if (!dtype.equals("u1")) throw new IllegalStateException(name + ": dtype is " + dtype + ", not u1");
      return data;
    }

    /** The data widened to long (integer dtypes). */
    public long[] longs() {
      long[] out = new long[(int) size()];
      ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < out.length; i++) {
        out[i] = switch (dtype) {
          case "u1" -> data[i] & 0xffL;
          case "i1" -> data[i];
          case "i4" -> b.getInt(i * 4);
          case "i8", "u8" -> b.getLong(i * 8);
          default -> throw new IllegalStateException(name + ": dtype " + dtype + " is not an integer type");
        };
      }
      return out;
    }
  }

  public static Map<String, Array> read(Path file) {
    Map<String, Array> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (!e.getName().endsWith(".npy")) continue;
        String name = e.getName().substring(0, e.getName().length() - 4);
        try (InputStream in = zip.getInputStream(e)) {
          out.put(name, readNpy(file + ":" + e.getName(), name, in.readAllBytes()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " as .npz: " + e.getMessage(), e);
    }
    return out;
  }

  static Array readNpy(String where, String name, byte[] b) {
    if (b.length < 10 || (b[0] & 0xff) != 0x93 || b[1] != 'N' || b[2] != 'U' || b[3] != 'M' || b[4] != 'P' || b[5] != 'Y') {
      throw new IllegalArgumentException(where + ": not a .npy array (bad magic)");
    }
    int major = b[6];
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen = major == 1 ? (bb.getShort(8) & 0xffff) : bb.getInt(8);
    int start = major == 1 ? 10 : 12;
    String header = new String(b, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) throw new IllegalArgumentException(where + ": unreadable .npy header: " + header.trim());
    if (f.group(1).equals("True")) throw new IllegalArgumentException(where + ": Fortran-order arrays are not supported");
    String descr = d.group(1);
    String dtype = descr.substring(1);
    if (descr.charAt(0) == '>' && !dtype.endsWith("1")) throw new IllegalArgumentException(where + ": big-endian " + descr + " not supported");
    int[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
    int item = switch (dtype) {
      case "u1", "i1", "b1" -> 1;
      case "i4", "u4", "f4" -> 4;
      case "i8", "u8", "f8" -> 8;
      default -> throw new IllegalArgumentException(where + ": dtype " + descr + " not supported");
    };
    long n = 1;
    for (int x : shape) n *= x;
    int off = start + headerLen;
    if (b.length - off < n * item) throw new IllegalArgumentException(where + ": truncated: " + (b.length - off) + " bytes for " + n + " items");
    return new Array(name, dtype, shape, Arrays.copyOfRange(b, off, off + (int) (n * item)));
  }
}
