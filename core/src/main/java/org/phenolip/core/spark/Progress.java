package org.phenolip.core.spark;

import java.io.PrintStream;
import java.util.Locale;

/** Console progress: status lines and a one-line progress bar on stderr. */
public final class Progress {
  private static final PrintStream OUT = System.err;
  private static volatile boolean quiet = Boolean.getBoolean("phenolip.quiet");

  private Progress() {}

  public static void setQuiet(boolean q) { quiet = q; }

  public static void status(String line) {
    if (!quiet) {
      OUT.println(line);
    }
  }

  /** A bar redrawn in place: {@code [=====     ] 50/100 loss=1.23}. */
  public static final class Bar {
    private final String name;
    private final long total;
    private final boolean tty = System.console() != null;
    private long lastDraw;

    public Bar(String name, long total) {
      this.name = name;
      this.total = Math.max(1, total);
    }

    public void update(long done, String suffix) {
      if (quiet) return;
      long now = System.nanoTime();
      boolean last = done >= total;
      // Without a terminal print about every 10%, so logs stay readable.
      if (!tty && !last && done % Math.max(1, total / 10) != 0) return;
      if (tty && !last && now - lastDraw < 100_000_000L) return;
      lastDraw = now;
      int width = 30;
      int fill = (int) (width * Math.min(done, total) / total);
      String bar = "=".repeat(fill) + " ".repeat(width - fill);
      String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s", name, bar, done, total, suffix == null ? "" : suffix);
      if (tty) {
        OUT.print("\r" + line + (last ? "\n" : ""));
      } else {
        OUT.println(line);
      }
      OUT.flush();
    }
  }
}
