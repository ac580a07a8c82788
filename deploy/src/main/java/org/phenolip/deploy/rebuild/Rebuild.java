package org.phenolip.deploy.rebuild;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.phenolip.core.io.AtomicPublish;
import org.phenolip.core.io.Json;
import org.phenolip.core.spark.Progress;
import org.phenolip.deploy.rebuild.RebuildSpec.Step;
import org.phenolip.deploy.rebuild.RebuildState.StepState;

/**
 * Runs a {@link RebuildSpec} like make: a step runs when its command, its inputs or its upstream
 * steps' outputs changed since it last succeeded, or its outputs are gone; otherwise it is skipped.
 * A failed step stops the run, and the next run resumes there (finished steps are up to date).
 */
public final class Rebuild {
  /** Exit codes that a scheduler can tell apart. */
  public static final int DONE = 0;
  public static final int FAILED = 1;
  public static final int NOTHING_TO_DO = 3;

  /** Runs one {@code phenolip} command line and returns its exit code. */
  @FunctionalInterface
  public interface StepRunner {
    int run(List<String> args);
  }

  /** What happened to one step in one run (the run record's rows). */
  public record StepOutcome(String id, String status, String reason, int attempts, Integer exitCode,
                            boolean outputsChanged, double seconds, List<String> command) {}

  /** The JSON run record. */
  public record RunRecord(String runId, String spec, String started, String finished, int exitCode, String outcome,
                          Map<String, String> vars, List<StepOutcome> steps) {}

  private final RebuildSpec spec;
  private final Map<String, String> vars;
  private final StepRunner runner;
  private final Configuration conf;

  public Rebuild(RebuildSpec spec, Map<String, String> varOverrides, StepRunner runner, Configuration conf) {
    this.spec = spec;
    this.vars = spec.variables(varOverrides);
    this.runner = runner;
    this.conf = conf;
  }

  /** The steps with variables filled in, in run order. */
  public List<Step> plan() {
    List<Step> out = new ArrayList<>();
    for (Step s : spec.steps()) out.add(spec.resolve(s, vars));
    return out;
  }

  public RunRecord run(String stateDir, String specName, boolean dryRun) throws IOException {
    String started = Instant.now().toString();
    String runId = started.replace(":", "").replace(".", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
    Fingerprints fp = new Fingerprints(conf);
    List<StepOutcome> outcomes = new ArrayList<>();
    Map<String, Step> byId = new HashMap<>();
    boolean anyChange = false;
    boolean failed = false;
    try (RebuildState state = RebuildState.open(stateDir, conf)) {
      List<Step> plan = plan();
      int n = 0;
      for (Step s : plan) {
        n++;
        byId.put(s.id(), s);
        if (failed) {
          outcomes.add(new StepOutcome(s.id(), "not-run", "an earlier step failed", 0, null, false, 0, s.command()));
          continue;
        }
        List<String> inputs = new ArrayList<>(s.inputsOrEmpty());
        for (String a : s.afterOrEmpty()) inputs.addAll(byId.get(a).outputsOrEmpty());
        String inFp = fp.of(inputs, s.command());
        String outFp = fp.of(s.outputsOrEmpty(), List.of());
        StepState prev = state.get(s.id());
        Double watched = s.when() == null ? null : watchedValue(s.when());

        String skip = skipReason(s, prev, inFp, outFp, watched);
        if (skip != null) {
          Progress.status(String.format("[rebuild %d/%d] %s: skipped (%s)", n, plan.size(), s.id(), skip));
          outcomes.add(new StepOutcome(s.id(), "skipped", skip, 0, null, false, 0, s.command()));
          continue;
        }
        if (dryRun) {
          Progress.status(String.format("[rebuild %d/%d] %s: would run: phenolip %s", n, plan.size(), s.id(), String.join(" ", s.command())));
          outcomes.add(new StepOutcome(s.id(), "would-run", why(prev, inFp, outFp), 0, null, false, 0, s.command()));
          continue;
        }
        StepOutcome o = execute(s, n, plan.size(), why(prev, inFp, outFp));
        if (o.status().equals("ok")) {
          String after = fp.of(s.outputsOrEmpty(), List.of());
          boolean changed = prev == null || !after.equals(prev.outputs());
          anyChange |= changed;
          // Watched value as it is after the step: the next run compares against it.
          Double w = s.when() == null ? null : watchedValue(s.when());
          state.put(s.id(), new StepState("ok", inFp, after, w, Instant.now().toString()));
          o = new StepOutcome(o.id(), o.status(), o.reason(), o.attempts(), o.exitCode(), changed, o.seconds(), o.command());
        } else {
          failed = true;
          state.put(s.id(), new StepState("failed", prev == null ? null : prev.inputs(), prev == null ? null : prev.outputs(),
              prev == null ? null : prev.watched(), Instant.now().toString()));
        }
        outcomes.add(o);
      }
      int code = failed ? FAILED : (anyChange ? DONE : NOTHING_TO_DO);
      String outcome = failed ? "failed" : dryRun ? "dry-run" : anyChange ? "rebuilt" : "nothing-to-do";
      RunRecord rec = new RunRecord(runId, specName, started, Instant.now().toString(), dryRun && !failed ? DONE : code,
          outcome, vars, outcomes);
      if (!dryRun) state.record(runId, rec);
      return rec;
    }
  }

  private String skipReason(Step s, StepState prev, String inFp, String outFp, Double watched) {
    if (s.isAlways() || prev == null || !"ok".equals(prev.status())) return null;
    if (s.when() != null && watched != null && prev.watched() != null) {
      double base = Math.max(Math.abs(prev.watched()), 1e-12);
      double change = Math.abs(watched - prev.watched()) / base;
      if (change <= s.when().minChange()) {
        return String.format("%s changed by %.1f%% since its last run, threshold %.1f%%",
            s.when().pointer(), 100 * change, 100 * s.when().minChange());
      }
      return null;
    }
    if (inFp.equals(prev.inputs()) && outFp.equals(prev.outputs())) return "up to date";
    return null;
  }

  private static String why(StepState prev, String inFp, String outFp) {
    if (prev == null) return "never ran";
    if (!"ok".equals(prev.status())) return "resuming: it " + prev.status() + " last time";
    if (!inFp.equals(prev.inputs())) return "inputs or command changed";
    if (!outFp.equals(prev.outputs())) return "outputs changed or missing";
    return "always runs";
  }

  private StepOutcome execute(Step s, int n, int total, String reason) {
    int attempts = 0;
    int code = -1;
    long t0 = System.nanoTime();
    while (attempts <= s.retriesOrZero()) {
      attempts++;
      Progress.status(String.format("[rebuild %d/%d] %s (%s)%s: phenolip %s", n, total, s.id(), reason,
          attempts > 1 ? ", attempt " + attempts : "", String.join(" ", s.command())));
      try {
        code = runner.run(s.command());
      } catch (RuntimeException e) {
        Progress.status("[rebuild] " + s.id() + ": " + e);
        code = FAILED;
      }
      if (code == 0) break;
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    String status = code == 0 ? "ok" : "failed";
    return new StepOutcome(s.id(), status, code == 0 ? reason : "exit code " + code + " after " + attempts + " attempt(s)",
        attempts, code, false, secs, s.command());
  }

  /** The number a {@code when} watches; null while the file does not exist yet. */
  Double watchedValue(RebuildSpec.When w) throws IOException {
    Path p = new Path(w.json());
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p) && fs.getFileStatus(p).isDirectory()) {
      // A PhenoKG folder: its manifest.json, or that of its current version.
      Path direct = new Path(p, "manifest.json");
      p = fs.exists(direct) ? direct : new Path(AtomicPublish.resolve(p.toString()), "manifest.json");
    }
    if (!fs.exists(p)) return null;
    JsonNode node;
    try (InputStream in = fs.open(p)) {
      node = Json.MAPPER.readTree(in).at(w.pointer());
    }
    if (!node.isNumber()) throw new IllegalStateException(w.json() + ": " + w.pointer() + " is not a number");
    return node.asDouble();
  }

  static Map<String, String> parseVars(List<String> kv) {
    Map<String, String> m = new LinkedHashMap<>();
    if (kv == null) return m;
    for (String s : kv) {
      int i = s.indexOf('=');
      if (i <= 0) throw new IllegalArgumentException("--var " + s + ": expected NAME=VALUE");
      m.put(s.substring(0, i), s.substring(i + 1));
    }
    return m;
  }
}
