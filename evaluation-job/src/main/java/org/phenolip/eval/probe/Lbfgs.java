package org.phenolip.eval.probe;

/** Limited-memory BFGS (10 pairs) with a backtracking Armijo line search, for smooth convex objectives. */
final class Lbfgs {
  static final int MEMORY = 10;

  interface Objective {
    /** The value at {@code x}; writes the gradient into {@code g}. */
    double valueAndGradient(double[] x, double[] g);
  }

  record Result(double[] x, double value, int iterations) {}

  private Lbfgs() {}

  /**
   * Stops after {@code maxIter} iterations, when the relative decrease of the value falls below
   * {@code tol}, or when the gradient's largest entry is below {@code tol * max(1, |value|)}.
   */
  static Result minimise(Objective f, double[] x0, int maxIter, double tol) {
    int n = x0.length;
    double[] x = x0.clone(), g = new double[n], xn = new double[n], gn = new double[n], dir = new double[n];
    double[][] s = new double[MEMORY][], y = new double[MEMORY][];
    double[] rho = new double[MEMORY], alpha = new double[MEMORY];
    int stored = 0, head = 0;
    double fx = f.valueAndGradient(x, g);
    int it = 0;
    while (it < maxIter && maxAbs(g) > tol * Math.max(1, Math.abs(fx))) {
      it++;
      // two-loop recursion: dir = -H g
      for (int q = 0; q < n; q++) dir[q] = -g[q];
      for (int m = 0; m < stored; m++) {
        int i = (head - 1 - m + MEMORY) % MEMORY;
        alpha[i] = rho[i] * dot(s[i], dir);
        axpy(-alpha[i], y[i], dir);
      }
      double gamma = stored == 0 ? 1 / Math.max(1e-12, norm(g)) : dot(s[(head - 1 + MEMORY) % MEMORY], y[(head - 1 + MEMORY) % MEMORY])
          / dot(y[(head - 1 + MEMORY) % MEMORY], y[(head - 1 + MEMORY) % MEMORY]);
      for (int q = 0; q < n; q++) dir[q] *= gamma;
      for (int m = stored - 1; m >= 0; m--) {
        int i = (head - 1 - m + MEMORY) % MEMORY;
        double beta = rho[i] * dot(y[i], dir);
        axpy(alpha[i] - beta, s[i], dir);
      }
      double slope = dot(g, dir);
      if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
        stored = 0;
        for (int q = 0; q < n; q++) dir[q] = -g[q] / Math.max(1e-12, norm(g));
        slope = dot(g, dir);
      }
      double step = 1, fn;
      while (true) {
        for (int q = 0; q < n; q++) xn[q] = x[q] + step * dir[q];
        fn = f.valueAndGradient(xn, gn);
        if (fn <= fx + 1e-4 * step * slope || step < 1e-20) break;
        step *= 0.5;
      }
      double[] sv = new double[n], yv = new double[n];
      for (int q = 0; q < n; q++) {
        sv[q] = xn[q] - x[q];
        yv[q] = gn[q] - g[q];
      }
      double sy = dot(sv, yv);
      if (sy > 1e-12 * dot(yv, yv)) {
        s[head] = sv;
        y[head] = yv;
        rho[head] = 1 / sy;
        head = (head + 1) % MEMORY;
        stored = Math.min(stored + 1, MEMORY);
      }
      double decrease = (fx - fn) / Math.max(1, Math.abs(fx));
      System.arraycopy(xn, 0, x, 0, n);
      System.arraycopy(gn, 0, g, 0, n);
      fx = fn;
      if (decrease >= 0 && decrease < tol * 1e-3) break;
    }
    return new Result(x, fx, it);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) m = Math.max(m, Math.abs(v));
    return m;
  }

  static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) y[i] += a * x[i];
  }
}
