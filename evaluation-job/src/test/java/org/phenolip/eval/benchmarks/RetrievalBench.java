package org.phenolip.eval.benchmarks;

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
 * Block-wise retrieval (exact ranks + top-K) against the bare matrix product it is built on,
 * the physical floor: N x N random unit vectors, the same dot kernel and query split over the
 * same threads. Writes JSON with every repetition and the medians.
 *
 * <pre>java -cp ... org.phenolip.eval.benchmarks.RetrievalBench [N=20000] [DIM=512] [K=50] [BLOCK=256] [REPS=3] [THREADS=cores] [OUT=retrieval-bench.json]</pre>
 */
public final class RetrievalBench {
  public static void main(String[] args) throws Exception {
    int n = arg(args, 0, 20000), dim = arg(args, 1, 512), k = arg(args, 2, 50), block = arg(args, 3, 256), reps = arg(args, 4, 3);
    int threads = arg(args, 5, Runtime.getRuntime().availableProcessors());
    Path out = Path.of(args.length > 6 ? args[6] : "retrieval-bench.json");
    Random rnd = new Random(1);
    float[][] q = unit(rnd, n, dim), c = unit(rnd, n, dim);
    int[][] correct = new int[n][];
    for (int i = 0; i < n; i++) correct[i] = new int[] {i};
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Double> mm = new ArrayList<>(), bw = new ArrayList<>();
    double sink = 0;
    try {
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        sink += matmul(pool, q, c, block);
        mm.add((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        sink += blockwise(pool, q, c, correct, k, block);
        bw.add((System.nanoTime() - t0) / 1e9);
        System.err.printf("rep %d: matmul %.2f s, block-wise top-%d %.2f s%n", r, mm.get(r), k, bw.get(r));
      }
    } finally {
      pool.shutdown();
    }
    double mMed = median(mm), bMed = median(bw);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("benchmark", "block-wise retrieval vs bare matrix product");
    j.put("queries", n);
    j.put("candidates", n);
    j.put("dim", dim);
    j.put("k", k);
    j.put("block", block);
    j.put("threads", threads);
    j.put("reps", reps);
    j.put("matmul_seconds", mm);
    j.put("blockwise_seconds", bw);
    j.put("matmul_median_s", mMed);
    j.put("blockwise_median_s", bMed);
    j.put("ratio_blockwise_over_matmul", bMed / mMed);
    j.put("matmul_gflops", 2.0 * n * n * dim / mMed / 1e9);
    j.put("java", System.getProperty("java.version"));
    j.put("sink", sink);
    Json.write(out, j);
    System.out.println(Json.write(j));
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
        var r = new BlockRanker(k, block).rank(Arrays.copyOfRange(q, q0, q1), c, Arrays.copyOfRange(correct, q0, q1));
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
