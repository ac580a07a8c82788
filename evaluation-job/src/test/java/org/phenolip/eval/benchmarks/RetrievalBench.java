package org.phenolip.eval.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.phenolip.core.io.Json;
import org.phenolip.eval.metrics.BlockRanker;
import org.phenolip.eval.metrics.Vectors;

/**
 * Block-wise retrieval (exact ranks + top-K, N x N random unit vectors) against the machine's
 * GEMM, side by side in one run:
 * <ul>
 *   <li>{@code native}: {@link BlockRanker} with native tiles (the system BLAS's sgemm through
 *       netlib, else PyTorch's through DJL; the default for large products; the JSON's
 *       {@code native_kernel} says which), all N queries in one call;</li>
 *   <li>{@code peer}: numpy/OpenBLAS's bare {@code a @ b.T} on the same shape, run by
 *       {@code benchmarks/peers/matmul_numpy.py} with {@code /usr/bin/python3}, with
 *       OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that command only (they pin old
 *       kernels; {@code benchmarks/run.sh} unsets them for this JVM too, so both sides load the
 *       same kernel; {@code jvm_blas_env} records what this JVM saw); the JSON names the kernel
 *       that ran. One peer repetition per round, rounds alternating with ours, so that both
 *       sides of a ratio see the same load;</li>
 *   <li>{@code native_serial}: the same ranking with product and scan in turn (not pipelined),
 *       checked to give the same ranks and top-K;</li>
 *   <li>{@code java}: the Java kernel's block-wise path ({@code Scores.JAVA}; before 2026-12-07
 *       this field ran the default, native tiles for its 256-query chunks) and its bare product
 *       over the first N/JAVA_SHARE queries (the same query split over THREADS threads), scaled
 *       to N.</li>
 * </ul>
 * Writes every repetition, the medians, {@code ratio_native_over_numpy} (median over median)
 * and {@code ratio_per_round}.
 *
 * <pre>java -cp ... org.phenolip.eval.benchmarks.RetrievalBench [N=20000] [DIM=512] [K=50] [BLOCK=256] [REPS=3] [THREADS=cores] [OUT=retrieval-bench.json] [PEER=benchmarks/peers/matmul_numpy.py] [JAVA_SHARE=10]</pre>
 */
public final class RetrievalBench {
  public static void main(String[] args) throws Exception {
    int n = arg(args, 0, 20000), dim = arg(args, 1, 512), k = arg(args, 2, 50), block = arg(args, 3, 256), reps = arg(args, 4, 3);
    int threads = arg(args, 5, Runtime.getRuntime().availableProcessors());
    Path out = Path.of(args.length > 6 ? args[6] : "retrieval-bench.json");
    Path peer = Path.of(args.length > 7 ? args[7] : "../benchmarks/peers/matmul_numpy.py");
    int share = arg(args, 8, 10);
    Random rnd = new Random(1);
    float[][] q = unit(rnd, n, dim), c = unit(rnd, n, dim);
    int[][] correct = new int[n][];
    for (int i = 0; i < n; i++) correct[i] = new int[] {i};
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("benchmark", "block-wise exact ranks + top-K vs the bare matrix product (numpy/OpenBLAS)");
    j.put("queries", n);
    j.put("candidates", n);
    j.put("dim", dim);
    j.put("k", k);
    j.put("threads", threads);
    j.put("reps", reps);
    j.put("load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // This JVM's BLAS settings (read by OpenBLAS when netlib loads it); the peer runs without them.
    Map<String, Object> env = new LinkedHashMap<>();
    for (String v : new String[] {"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS"}) env.put(v, System.getenv(v));
    j.put("jvm_blas_env", env);

    // Rounds alternate on a shared machine: numpy's product (its own process, nothing of ours
    // running), then ours pipelined (the default), then ours with product and scan in turn.
    BlockRanker ranker = new BlockRanker(k, block, BlockRanker.Scores.NATIVE);
    BlockRanker serial = new BlockRanker(k, block, BlockRanker.Scores.NATIVE).pipelined(false);
    ranker.rank(Arrays.copyOf(q, 512), c, Arrays.copyOf(correct, 512));   // warm-up: load the BLAS, JIT
    serial.rank(Arrays.copyOf(q, 512), c, Arrays.copyOf(correct, 512));
    List<Double> nat = new ArrayList<>(), ser = new ArrayList<>(), peerSecs = new ArrayList<>(), ratios = new ArrayList<>();
    Map<String, Object> p = null;
    double sink = 0;
    for (int r = 0; r < reps; r++) {
      Map<String, Object> pr = runPeer(peer, n, dim, 1);
      if (pr.get("median_s") instanceof Number pn) peerSecs.add(pn.doubleValue());
      if (p == null || !pr.containsKey("error")) p = pr;
      long t0 = System.nanoTime();
      var res = ranker.rank(q, c, correct);
      nat.add((System.nanoTime() - t0) / 1e9);
      for (int x : res.ranks()) sink += x;
      t0 = System.nanoTime();
      var res2 = serial.rank(q, c, correct);
      ser.add((System.nanoTime() - t0) / 1e9);
      if (!Arrays.equals(res.ranks(), res2.ranks()) || !Arrays.deepEquals(res.topK(), res2.topK())) {
        throw new IllegalStateException("pipelined and serial rankings differ");
      }
      if (!peerSecs.isEmpty() && peerSecs.size() == r + 1) ratios.add(nat.get(r) / peerSecs.get(r));
      System.err.printf("round %d: numpy %s s, native block-wise top-%d %.2f s (serial %.2f s)%n", r,
          peerSecs.size() == r + 1 ? String.format("%.2f", peerSecs.get(r)) : "-", k, nat.get(r), ser.get(r));
    }
    if (!peerSecs.isEmpty()) {
      p = new LinkedHashMap<>(p);
      p.put("reps", peerSecs.size());
      p.put("seconds", peerSecs);
      p.put("median_s", median(peerSecs));
      p.put("gflops", 2.0 * n * n * dim / median(peerSecs) / 1e9);
    }
    j.put("peer", p);
    double natMed = median(nat);
    j.put("native_kernel", BlockRanker.nativeKernel());
    j.put("native_blockwise_seconds", nat);
    j.put("native_blockwise_median_s", natMed);
    j.put("native_blockwise_gflops_equivalent", 2.0 * n * n * dim / natMed / 1e9);
    j.put("native_serial_seconds", ser);
    j.put("native_serial_median_s", median(ser));
    if (!peerSecs.isEmpty()) {
      j.put("ratio_native_over_numpy", natMed / median(peerSecs));
      j.put("ratio_per_round", ratios);
      j.put("ratio_serial_over_numpy", median(ser) / median(peerSecs));
    }
    j.put("load_average_after_native", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    // The Java kernel on a share of the queries, scaled: the old path, for the record.
    int m = Math.max(1, n / share);
    float[][] qs = Arrays.copyOf(q, m);
    int[][] cs = Arrays.copyOf(correct, m);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long t0 = System.nanoTime();
      sink += matmul(pool, qs, c, block);
      double mm = (System.nanoTime() - t0) / 1e9 * n / m;
      t0 = System.nanoTime();
      sink += blockwise(pool, qs, c, cs, k, block);
      double bw = (System.nanoTime() - t0) / 1e9 * n / m;
      j.put("java_queries_timed", m);
      j.put("java_matmul_s_scaled", mm);
      j.put("java_blockwise_s_scaled", bw);
      j.put("java_matmul_gflops", 2.0 * n * n * dim / mm / 1e9);
      j.put("speedup_native_over_java_blockwise", bw / natMed);
    } finally {
      pool.shutdown();
    }
    j.put("java", System.getProperty("java.version"));
    j.put("sink", sink);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Json.write(out, j);
    System.out.println(Json.write(j));
  }

  /** numpy's bare product in its own process, OPENBLAS_CORETYPE/L2_SIZE unset for it alone. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> runPeer(Path script, int n, int dim, int reps) throws Exception {
    Path out = Files.createTempFile("matmul-numpy", ".json");
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "" + n, "" + dim, "" + reps, out.toString());
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("OPENBLAS_L2_SIZE");
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    int rc = pb.start().waitFor();
    if (rc != 0 || Files.size(out) == 0) {
      return Map.of("error", "peer " + script + " exited " + rc + " (needs /usr/bin/python3 with python3-numpy: bin/setup-debian.sh bench-peers)");
    }
    Map<String, Object> m = Json.MAPPER.readValue(out.toFile(), Map.class);
    Files.delete(out);
    return m;
  }

  /** Every score computed, summed per query (so the JIT cannot drop it): the floor. */
  static double matmul(ExecutorService pool, float[][] q, float[][] c, int block) throws Exception {
    List<Future<Double>> fs = new ArrayList<>();
    for (int s = 0; s < q.length; s += block) {
      int q0 = s, q1 = Math.min(q.length, s + block);
      fs.add(pool.submit(() -> {
        double acc = 0;
        for (int c0 = 0; c0 < c.length; c0 += block) {
          int c1 = Math.min(c.length, c0 + block);
          for (int i = q0; i < q1; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = c0; j < c1; j++) m = Math.max(m, Vectors.dot(q[i], c[j]));
            acc += m;
          }
        }
        return acc;
      }));
    }
    double t = 0;
    for (Future<Double> f : fs) t += f.get();
    return t;
  }

  static double blockwise(ExecutorService pool, float[][] q, float[][] c, int[][] correct, int k, int block) throws Exception {
    List<Future<Double>> fs = new ArrayList<>();
    for (int s = 0; s < q.length; s += block) {
      int q0 = s, q1 = Math.min(q.length, s + block);
      fs.add(pool.submit(() -> {
        var r = new BlockRanker(k, block, BlockRanker.Scores.JAVA).rank(Arrays.copyOfRange(q, q0, q1), c, Arrays.copyOfRange(correct, q0, q1));
        double acc = 0;
        for (int x : r.ranks()) acc += x;
        return acc;
      }));
    }
    double t = 0;
    for (Future<Double> f : fs) t += f.get();
    return t;
  }

  static float[][] unit(Random rnd, int n, int d) {
    float[][] m = new float[n][d];
    for (float[] row : m) for (int i = 0; i < d; i++) row[i] = (float) rnd.nextGaussian();
    return Vectors.normalizedRows(m);
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static int arg(String[] a, int i, int def) {
    return a.length > i ? Integer.parseInt(a[i]) : def;
  }
}
