package org.phenolip.model.image.bench;

import com.sun.management.OperatingSystemMXBean;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.phenolip.core.io.Json;
import org.phenolip.model.image.ImagePipeline;

/**
 * Image decode + resize + normalise, images/s on one thread, the project's {@link ImagePipeline}
 * against Pillow + numpy ({@code ../benchmarks/peers/decode_pillow.py} with {@code /usr/bin/python3})
 * on the same encoded files, side by side in one run. Per image, both sides: decode from memory
 * bytes, convert to RGB, then
 * <ul>
 *   <li>{@code decode}: nothing more ({@link ImagePipeline#decode});</li>
 *   <li>{@code eval}: centre square crop, bicubic resize to S×S, (x/255 − mean)/std with CLIP's
 *       mean/std into float32 CHW ({@code ImagePipeline.eval(S).process(bytes, seed)});</li>
 *   <li>{@code train}: random resized crop (50–100% of the area, ratio 3/4–4/3), bicubic resize,
 *       flip with p = ½, normalised ({@code ImagePipeline.train(S).process(bytes, seed)}).</li>
 * </ul>
 * S = the presets' image sizes (tiny 32, small/base 224). Image sets: {@code jpeg}, the ISIC
 * sample's real JPEGs; {@code png}, the same images written once as PNG with ImageIO into a
 * temporary folder (same pixels, so JPEG and PNG compare decoders, not content); and
 * {@code png-figures}, the bundled sample's real figure PNGs (small grayscale images).
 *
 * <p>Rounds alternate between the two sides so that a change of the machine's load hits both: each
 * of REPS rounds runs the peer (one repetition of every cell, in its own process, after a warm-up
 * pass) and then the Java side (one repetition of every cell; the first round is preceded by a
 * warm-up pass of every cell for the JIT). A repetition runs whole passes over the set until
 * MIN_SECONDS of wall time have passed. Both wall time and process CPU time are recorded (JIT and
 * GC threads count for Java); on a loaded machine the CPU-time rate is the better per-core figure.
 * Writes every repetition, the medians, {@code ratio_java_over_pillow} per cell (>1: Java faster),
 * the load average around every round, the machine, and how far the two eval outputs are apart.
 *
 * <pre>java -cp ... org.phenolip.model.image.bench.DecodeBench [OUT=decode-bench.json] [REPS=5] [SIZES=32,224] [MIN_SECONDS=0.5] [JPEG_DIR=../data/images/isic_9class] [PNG_DIR=../data/sample/pmc-cloud] [PEER=../benchmarks/peers/decode_pillow.py]</pre>
 */
public final class DecodeBench {
  static final List<String> MODES = List.of("decode", "eval", "train");
  static final long SEED = 1;

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "decode-bench.json");
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "32,224").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    double minSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
    Path jpegDir = Path.of(args.length > 4 ? args[4] : "../data/images/isic_9class"); // all 270, both halves
    Path pngDir = Path.of(args.length > 5 ? args[5] : "../data/sample/pmc-cloud");
    Path peer = Path.of(args.length > 6 ? args[6] : "../benchmarks/peers/decode_pillow.py");

    Path tmp = Files.createTempDirectory("decode-bench");
    try {
      Map<String, List<Path>> sets = new LinkedHashMap<>();
      List<Path> jpegs = files(jpegDir, ".jpg", ".jpeg");
      sets.put("jpeg", jpegs);
      sets.put("png", toPng(jpegs, tmp.resolve("png")));
      List<Path> figures = files(pngDir, ".png");
      if (!figures.isEmpty()) sets.put("png-figures", figures);
      Map<String, List<byte[]>> bytes = new LinkedHashMap<>();
      for (var e : sets.entrySet()) {
        List<byte[]> b = new ArrayList<>();
        for (Path p : e.getValue()) b.add(Files.readAllBytes(p));
        bytes.put(e.getKey(), b);
      }

      Map<String, Object> j = new LinkedHashMap<>();
      j.put("benchmark", "image decode + RGB + crop + bicubic resize to SxS + normalise to float32 CHW, one thread: "
          + "ImagePipeline vs Pillow + numpy on the same files, rounds alternating");
      j.put("machine", machine());
      j.put("reps", reps);
      j.put("min_seconds_per_rep", minSeconds);
      j.put("sizes", sizes);
      j.put("modes", MODES);
      Map<String, Object> setInfo = new LinkedHashMap<>();
      for (var e : sets.entrySet()) setInfo.put(e.getKey(), describe(e.getValue(), bytes.get(e.getKey())));
      j.put("sets", setInfo);
      j.put("load_average_at_start", loadAverage());

      Map<String, Object> manifest = new LinkedHashMap<>();
      Map<String, List<String>> paths = new LinkedHashMap<>();
      sets.forEach((k, v) -> paths.put(k, v.stream().map(p -> p.toAbsolutePath().toString()).toList()));
      manifest.put("sets", paths);
      manifest.put("modes", MODES);
      manifest.put("sizes", sizes);
      manifest.put("reps", 1);
      manifest.put("min_seconds", minSeconds);
      manifest.put("mean", ImagePipeline.MEAN);
      manifest.put("std", ImagePipeline.STD);
      manifest.put("seed", SEED);
      Path manifestFile = tmp.resolve("manifest.json");
      Json.write(manifestFile, manifest);

      Map<String, List<Map<String, Object>>> javaCells = new LinkedHashMap<>();
      Map<String, List<Map<String, Object>>> peerCells = new LinkedHashMap<>();
      List<Map<String, Object>> rounds = new ArrayList<>();
      Map<String, Object> peerInfo = null;
      String peerError = null;
      warmUp(bytes, sizes);
      double sink = 0;
      for (int r = 0; r < reps; r++) {
        Map<String, Object> round = new LinkedHashMap<>();
        round.put("load_average_before", loadAverage());
        Path peerOut = tmp.resolve("peer-" + r + ".json");
        Map<String, Object> p = runPeer(peer, manifestFile, peerOut);
        if (p.containsKey("error")) {
          peerError = (String) p.get("error");
        } else {
          @SuppressWarnings("unchecked")
          Map<String, List<Map<String, Object>>> cells = (Map<String, List<Map<String, Object>>>) p.remove("cells");
          cells.forEach((k, v) -> peerCells.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
          peerInfo = p;
        }
        round.put("load_average_between", loadAverage());
        for (var e : bytes.entrySet()) {
          for (String mode : MODES) {
            for (int size : mode.equals("decode") ? new int[] {0} : sizes) {
              Map<String, Object> rep = timed(e.getValue(), mode, size, minSeconds);
              sink += (double) rep.remove("sink");
              javaCells.computeIfAbsent(cell(e.getKey(), mode, size), x -> new ArrayList<>()).add(rep);
            }
          }
        }
        round.put("load_average_after", loadAverage());
        rounds.add(round);
        System.err.printf("round %d of %d done, load %s%n", r + 1, reps, Arrays.toString(loadAverage()));
      }
      j.put("rounds", rounds);
      j.put("load_average_at_end", loadAverage());
      j.put("pillow", peerError != null ? Map.of("error", peerError) : peerInfo);

      Map<String, Object> results = new LinkedHashMap<>();
      for (var e : javaCells.entrySet()) {
        Map<String, Object> c = new LinkedHashMap<>();
        Map<String, Object> js = summary(e.getValue());
        c.put("java", js);
        List<Map<String, Object>> pr = peerCells.get(e.getKey());
        if (pr != null && !pr.isEmpty()) {
          Map<String, Object> ps = summary(pr);
          c.put("pillow", ps);
          c.put("ratio_java_over_pillow_cpu", (double) js.get("median_images_per_s_cpu") / (double) ps.get("median_images_per_s_cpu"));
          c.put("ratio_java_over_pillow_wall", (double) js.get("median_images_per_s_wall") / (double) ps.get("median_images_per_s_wall"));
        }
        results.put(e.getKey(), c);
      }
      j.put("results", results);
      if (peerError == null) j.put("eval_output_vs_pillow", agreement(bytes, sizes, tmp.resolve("peer-" + (reps - 1) + ".json")));
      j.put("sink", sink);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Json.write(out, j);
      System.out.println(Json.write(table(results)));
    } finally {
      try (Stream<Path> s = Files.walk(tmp)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static String cell(String set, String mode, int size) {
    return set + "/" + mode + (size > 0 ? "/" + size : "");
  }

  /** One untimed pass of every cell, so the JIT has compiled the paths before the first round. */
  static void warmUp(Map<String, List<byte[]>> bytes, int[] sizes) throws Exception {
    for (var e : bytes.entrySet()) {
      for (String mode : MODES) {
        for (int size : mode.equals("decode") ? new int[] {0} : sizes) {
          timed(e.getValue(), mode, size, 0);
          timed(e.getValue(), mode, size, 0);
        }
      }
    }
  }

  /** Whole passes over the images until minSeconds of wall time: images, wall and process CPU seconds. */
  static Map<String, Object> timed(List<byte[]> images, String mode, int size, double minSeconds) throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    ImagePipeline pipeline = switch (mode) {
      case "eval" -> ImagePipeline.eval(size);
      case "train" -> ImagePipeline.train(size);
      default -> null;
    };
    double sink = 0;
    long n = 0;
    long w0 = System.nanoTime(), c0 = os.getProcessCpuTime();
    do {
      for (int i = 0; i < images.size(); i++) {
        if (pipeline == null) {
          BufferedImage img = ImagePipeline.decode(images.get(i));
          sink += img.getRGB(0, 0);
        } else {
          float[] x = pipeline.process(images.get(i), SEED * 1_000_003 + n + i);
          sink += x[x.length / 2];
        }
      }
      n += images.size();
    } while ((System.nanoTime() - w0) / 1e9 < minSeconds);
    double wall = (System.nanoTime() - w0) / 1e9, cpu = (os.getProcessCpuTime() - c0) / 1e9;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", n);
    m.put("wall_s", wall);
    m.put("cpu_s", cpu);
    m.put("images_per_s_wall", n / wall);
    m.put("images_per_s_cpu", cpu > 0 ? n / cpu : null);
    m.put("sink", sink);
    return m;
  }

  static Map<String, Object> summary(List<Map<String, Object>> reps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images_per_s_wall", reps.stream().map(r -> num(r.get("images_per_s_wall"))).toList());
    m.put("images_per_s_cpu", reps.stream().map(r -> num(r.get("images_per_s_cpu"))).toList());
    m.put("median_images_per_s_wall", median(reps.stream().map(r -> num(r.get("images_per_s_wall"))).toList()));
    m.put("median_images_per_s_cpu", median(reps.stream().map(r -> num(r.get("images_per_s_cpu"))).toList()));
    m.put("median_ms_per_image_cpu", 1000 / (double) m.get("median_images_per_s_cpu"));
    return m;
  }

  /** Compact view for the console: median images/s (CPU time) per side and the ratio. */
  static Map<String, Object> table(Map<String, Object> results) {
    Map<String, Object> t = new LinkedHashMap<>();
    results.forEach((k, v) -> {
      Map<?, ?> c = (Map<?, ?>) v;
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("java", Math.round((double) ((Map<?, ?>) c.get("java")).get("median_images_per_s_cpu")));
      if (c.get("pillow") != null) {
        row.put("pillow", Math.round((double) ((Map<?, ?>) c.get("pillow")).get("median_images_per_s_cpu")));
        row.put("java/pillow", Math.round((double) c.get("ratio_java_over_pillow_cpu") * 100) / 100.0);
      }
      t.put(k, row);
    });
    return t;
  }

  static double num(Object o) {
    return o instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  /** Pillow in its own process, one thread; its JSON (cells and versions) or an error. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> runPeer(Path script, Path manifest, Path out) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), manifest.toString(), out.toString());
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().put("OPENBLAS_NUM_THREADS", "1");
    Path log = Files.createTempFile("decode-pillow", ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    int rc = pb.start().waitFor();
    String tail = Files.readString(log);
    Files.delete(log);
    if (rc != 0 || !Files.exists(out) || Files.size(out) == 0) {
      return Map.of("error", "peer " + script + " exited " + rc + " (needs /usr/bin/python3 with python3-pil and python3-numpy: "
          + "bin/setup-debian.sh bench-peers): " + tail.substring(Math.max(0, tail.length() - 400)).strip());
    }
    return new LinkedHashMap<>(Json.MAPPER.readValue(out.toFile(), Map.class));
  }

  /** Mean and max |java − pillow| of the eval tensor of each set's first image, per size. */
  static Map<String, Object> agreement(Map<String, List<byte[]>> bytes, int[] sizes, Path peerOut) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var e : bytes.entrySet()) {
      for (int size : sizes) {
        Path f = Path.of(peerOut + "." + e.getKey() + "." + size + ".f32");
        if (!Files.exists(f)) continue;
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        float[] java = ImagePipeline.eval(size).process(e.getValue().get(0), 0);
        double sum = 0, max = 0;
        for (int i = 0; i < java.length; i++) {
          double d = Math.abs(java[i] - b.getFloat(4 * i));
          sum += d;
          max = Math.max(max, d);
        }
        // in units of the normalised values; one 8-bit step is about 1/(255·0.27) = 0.0145
        m.put(e.getKey() + "/" + size, Map.of("mean_abs_diff", sum / java.length, "max_abs_diff", max));
      }
    }
    return m;
  }

  static List<Path> files(Path dir, String... suffixes) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Arrays.stream(suffixes).anyMatch(x -> p.getFileName().toString().toLowerCase().endsWith(x)))
          .sorted().toList();
    }
  }

  /** The JPEGs decoded once and written as PNG with ImageIO (same pixels). */
  static List<Path> toPng(List<Path> jpegs, Path dir) throws Exception {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < jpegs.size(); i++) {
      BufferedImage img = ImagePipeline.decode(Files.readAllBytes(jpegs.get(i)));
      Path p = dir.resolve(String.format("%04d.png", i));
      if (!ImageIO.write(img, "png", p.toFile())) throw new IOException("no PNG writer");
      out.add(p);
    }
    return out;
  }

  static Map<String, Object> describe(List<Path> files, List<byte[]> bytes) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("files", files.size());
    m.put("folder", files.isEmpty() ? null : commonParent(files));
    m.put("mean_bytes", bytes.stream().mapToInt(b -> b.length).average().orElse(0));
    Map<String, Integer> shapes = new LinkedHashMap<>();
    for (byte[] b : bytes) {
      BufferedImage img = org.phenolip.core.image.SafeImageDecoder.decode(b, org.phenolip.core.image.ImageLimits.DEFAULT);
      shapes.merge(img.getWidth() + "x" + img.getHeight() + " " + img.getColorModel().getNumComponents() + "ch type" + img.getType(), 1, Integer::sum);
    }
    m.put("shapes", shapes);
    return m;
  }

  static String commonParent(List<Path> files) {
    Path p = files.get(0).toAbsolutePath().normalize().getParent();
    for (Path f : files) {
      while (p != null && !f.toAbsolutePath().normalize().startsWith(p)) p = p.getParent();
    }
    return String.valueOf(p);
  }

  static double[] loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    } catch (IOException | RuntimeException e) {
      return new double[0];
    }
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
      Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .ifPresent(l -> m.put("memory", l.substring(l.indexOf(':') + 1).strip()));
    } catch (IOException | RuntimeException e) {
      m.put("cpu", "unknown");
    }
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    m.put("date_utc", java.time.Instant.now().toString());
    return m;
  }
}
