package org.phenolip.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import picocli.CommandLine;

/**
 * Every user mistake the issue lists, through the real CLI: exit code 2, at most two lines on
 * stderr, no stack trace, and no work started (each fails in well under the time a Spark session
 * or a model load would take).
 */
class UserMistakesTest {
  @TempDir Path tmp;

  record Outcome(int code, List<String> err, double seconds) {}

  Outcome run(String... args) {
    CommandLine cl = Phenolip.commandLine();
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    long t0 = System.nanoTime();
    int code = cl.execute(args);
    return new Outcome(code, err.toString().lines().filter(l -> !l.isBlank()).toList(), (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void eachMistakeIsOneLineAndExitCode2BeforeAnyWork() throws Exception {
    Path kg = Files.createDirectories(tmp.resolve("kg"));
    Files.writeString(kg.resolve("CURRENT"), "v1");
    Path notKg = Files.createDirectories(tmp.resolve("just-a-folder"));
    Files.writeString(notKg.resolve("notes.txt"), "hello");
    Path withCheckpointless = Files.createDirectories(tmp.resolve("run"));
    String out = tmp.resolve("out").toString();
    String k = kg.toString();
    List<String[]> mistakes = new ArrayList<>(List.of(
        new String[] {"train", "stage1", "--kg", notKg.toString(), "--out", out},
        new String[] {"train", "stage2", "--kg", notKg.toString(), "--out", out, "--no-distill"},
        new String[] {"eval", "build-bench", "--kg", notKg.toString(), "--out", out},
        new String[] {"train", "stage1", "--kg", tmp.resolve("missing").toString(), "--out", out},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--workers", "0"},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--lr", "-1"},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--master", "bogus://x"},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--no-distill", "--batch-size", "1"},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--no-distill", "--epochs", "0"},
        new String[] {"train", "stage2", "--kg", k, "--out", withCheckpointless.toString(), "--no-distill", "--resume"},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--teacher", tmp.resolve("no-teacher").toString()},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--preset", "huge"},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--no-distill", "--image-tower", tmp.resolve("no-tower").toString()},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--no-distill", "--image-tower", notKg.toString()},
        new String[] {"train", "stage2", "--kg", k, "--out", out, "--no-distill", "--image-tower", notKg.toString(),
            "--tower-lr-scale", "0"},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--workers", "abc"},
        new String[] {"pipeline", "--preset", "huge", "--out", out},
        new String[] {"ablate", "--kg", k, "--bench", tmp.toString(), "--seeds", "1", "--out", out},
        new String[] {"pipeline", "--workers", "0", "--out", out},
        new String[] {"kg", "serve", "--kg", k, "--port", "99999"},
        new String[] {"kg", "serve", "--kg", notKg.toString()},
        new String[] {"kg", "sparql", "--kg", k, "--query", "SELECT * WHERE { ?s ?p ?o }", "--master", "bogus://x"},
        new String[] {"kg", "build", "--hpo", tmp.resolve("hp.json").toString(), "--pmc", tmp.toString(), "--out", out},
        new String[] {"eval", "--model", "baseline:random-projection", "--bench", tmp.resolve("bench.jsonl").toString(),
            "--out", out},
        new String[] {"eval", "build-bench", "--kg", k, "--out", out, "--fraction", "1.5"},
        new String[] {"train", "stage1", "--kg", k, "--out", out, "--no-such-option"}));
    for (String[] args : mistakes) {
      Outcome o = run(args);
      String what = String.join(" ", args) + " -> " + o.err();
      assertEquals(2, o.code(), what);
      assertTrue(o.err().size() >= 1 && o.err().size() <= 2, what);
      assertTrue(o.err().get(0).startsWith("error: "), what);
      assertFalse(o.err().stream().anyMatch(l -> l.startsWith("\tat ") || l.contains("Exception:")), what);
      // a Spark session plus reading a KG takes far longer; 20 s leaves room for a loaded machine
      assertTrue(o.seconds() < 20, "rejected before any work: " + what + " took " + o.seconds() + " s");
    }
    // the message names what is wrong
    assertTrue(run("eval", "--model", "baseline:random-projection", "--bench", tmp.resolve("bench.jsonl").toString(),
        "--out", out).err().get(0).contains("bench.jsonl"));
    assertTrue(run("train", "stage1", "--kg", notKg.toString(), "--out", out).err().get(0).contains("not a PhenoKG"));
    assertTrue(run("kg", "serve", "--kg", k, "--port", "99999").err().get(0).contains("--port"));
    assertTrue(run("train", "stage2", "--kg", k, "--out", out, "--no-distill", "--image-tower", notKg.toString())
        .err().get(0).contains("no tower.json inside"));
    // --resume-if-present without a checkpoint is not a mistake: validation passes it (then the KG is read)
    Outcome fresh = run("train", "stage2", "--kg", k, "--out", withCheckpointless.toString(), "--no-distill",
        "--resume-if-present", "--master", "bogus://x");
    assertTrue(fresh.err().get(0).contains("--master"), fresh.err().toString());
  }

  @Test
  void verboseAddsTheStackTrace() {
    Outcome o = run("train", "stage1", "--kg", tmp.resolve("missing").toString(), "--out", tmp.toString(), "--verbose");
    assertEquals(2, o.code());
    assertTrue(o.err().size() > 2, "stack trace with --verbose: " + o.err());
    assertTrue(o.err().stream().anyMatch(l -> l.trim().startsWith("at ")), o.err().toString());
  }
}
