package org.phenolip.deploy.rebuild;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;

/**
 * {@code phenolip rebuild} for real: real phenolip commands (HPO conversion, publish) on real HPO
 * data, run, rerun, changed input, a threshold, a failure and its resume, and the lock.
 */
class RebuildTest {
  @TempDir Path tmp;
  Path spec;
  Path state;
  Path hpo;

  @BeforeEach
  void writeSpec() throws Exception {
    hpo = tmp.resolve("hp.small.json.gz");
    Files.copy(Path.of("../data/hpo/hp.small.json.gz"), hpo);
    Files.writeString(tmp.resolve("counts.json"), "{\"datasets\": {\"pairs\": {\"rows\": 1000}}}");
    state = tmp.resolve("state");
    spec = tmp.resolve("spec.yaml");
    Files.writeString(spec, """
        name: test_rebuild
        schedule: "@daily"
        vars:
          root: %s
          hpo: %s
          src: ${root}/work
        steps:
          - id: convert
            spark: false
            command: [kg, ontology, --hpo, "${hpo}", --convert, "${root}/work/hp.obo"]
            inputs: ["${hpo}"]
            outputs: ["${root}/work"]
          - id: publish
            after: [convert]
            spark: false
            retries: 1
            command: [publish, --from, "${src}", --to, "${root}/pub"]
            outputs: ["${root}/pub/CURRENT"]
          - id: gated
            after: [publish]
            spark: false
            when: {json: "${root}/counts.json", pointer: /datasets/pairs/rows, min_change: 0.05}
            command: [publish, --from, "${root}/work", --to, "${root}/pub2"]
            outputs: ["${root}/pub2/CURRENT"]
        """.formatted(tmp, hpo));
  }

  private int rebuild(String... extra) {
    List<String> args = new ArrayList<>(List.of("rebuild", "--spec", spec.toString(), "--state", state.toString()));
    args.addAll(List.of(extra));
    return Phenolip.commandLine().execute(args.toArray(String[]::new));
  }

  private JsonNode lastRun() throws Exception {
    try (Stream<Path> s = Files.list(state.resolve("runs"))) {
      Path last = s.filter(p -> p.toString().endsWith(".json")).max((a, b) -> Long.compare(a.toFile().lastModified(),
          b.toFile().lastModified()) != 0 ? Long.compare(a.toFile().lastModified(), b.toFile().lastModified())
          : a.getFileName().toString().compareTo(b.getFileName().toString())).orElseThrow();
      return Json.MAPPER.readTree(last.toFile());
    }
  }

  private static String status(JsonNode run, String step) {
    for (JsonNode s : run.get("steps")) if (s.get("id").asText().equals(step)) return s.get("status").asText();
    throw new AssertionError("no step " + step);
  }

  @Test
  void runsThenHasNothingToDoThenRebuildsWhatChanged() throws Exception {
    assertEquals(Rebuild.DONE, rebuild());
    JsonNode first = lastRun();
    assertEquals("rebuilt", first.get("outcome").asText());
    for (String id : List.of("convert", "publish", "gated")) assertEquals("ok", status(first, id));
    assertTrue(Files.readString(tmp.resolve("work/hp.obo")).contains("id: HP:0000118"));
    assertTrue(Files.exists(tmp.resolve("pub/CURRENT")));

    assertEquals(Rebuild.NOTHING_TO_DO, rebuild(), "a rerun with nothing new does nothing");
    JsonNode second = lastRun();
    assertEquals("nothing-to-do", second.get("outcome").asText());
    for (String id : List.of("convert", "publish", "gated")) assertEquals("skipped", status(second, id));

    // A new HPO release: conversion and publish rerun; the gated step waits for a 5% change.
    newRelease();
    assertEquals(Rebuild.DONE, rebuild());
    JsonNode third = lastRun();
    assertEquals("ok", status(third, "convert"));
    assertEquals("ok", status(third, "publish"));
    assertEquals("skipped", status(third, "gated"));
    assertTrue(third.get("steps").get(2).get("reason").asText().contains("changed by 0.0%"));

    Files.writeString(tmp.resolve("counts.json"), "{\"datasets\": {\"pairs\": {\"rows\": 1100}}}");
    assertEquals(Rebuild.DONE, rebuild());
    assertEquals("ok", status(lastRun(), "gated"), "10% more pairs passes the 5% threshold");
  }

  /** A release whose one label changed: same format, new content. */
  private void newRelease() throws Exception {
    String json;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(hpo))) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertTrue(json.contains("\"Phenotypic abnormality\""));
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(hpo))) {
      out.write(json.replace("\"Phenotypic abnormality\"", "\"Phenotypic abnormality (2025)\"")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  void aFailedStepStopsTheRunAndTheNextRunResumesThere() throws Exception {
    assertEquals(Rebuild.FAILED, rebuild("--var", "src=" + tmp.resolve("nowhere")));
    JsonNode failed = lastRun();
    assertEquals("ok", status(failed, "convert"));
    assertEquals("failed", status(failed, "publish"));
    assertEquals(2, failed.get("steps").get(1).get("attempts").asInt(), "retries: 1 means two attempts");
    assertEquals("not-run", status(failed, "gated"));

    assertEquals(Rebuild.DONE, rebuild());
    JsonNode resumed = lastRun();
    assertEquals("skipped", status(resumed, "convert"), "finished steps are not redone");
    assertEquals("ok", status(resumed, "publish"));
    assertEquals("ok", status(resumed, "gated"));
  }

  @Test
  void aSecondRebuildOnTheSameStateIsRefusedInOneLine() throws Exception {
    Files.createDirectories(state);
    Files.writeString(state.resolve("LOCK"), "pid 1 since earlier");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var cl = Phenolip.commandLine();
    cl.setErr(new java.io.PrintWriter(err, true));
    int code = cl.execute("rebuild", "--spec", spec.toString(), "--state", state.toString());
    assertEquals(2, code);
    String msg = err.toString();
    assertTrue(msg.contains("another rebuild holds"), msg);
    assertEquals(1, msg.strip().lines().count(), msg);
  }

  @Test
  void specMistakesAreOneLineBeforeAnyWork() throws Exception {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, "name: x\nsteps:\n  - id: a\n    after: [b]\n    command: [kg, build]\n  - id: b\n    command: [kg, build]\n");
    var e = assertThrows(IllegalArgumentException.class, () -> RebuildSpec.load(bad));
    assertTrue(e.getMessage().contains("'a' runs after 'b', which is not an earlier step"), e.getMessage());

    Files.writeString(bad, "name: x\nsteps:\n  - id: a\n    command: [kgg, build]\n");
    var e2 = assertThrows(IllegalArgumentException.class,
        () -> RebuildCommand.checkCommandsExist(RebuildSpec.load(bad), Phenolip.commandLine()));
    assertTrue(e2.getMessage().contains("'kgg' is not a phenolip command"), e2.getMessage());

    Files.writeString(bad, "name: x\nvars: {a: \"${nope}\"}\nsteps:\n  - id: a\n    command: [kg, build]\n");
    var e3 = assertThrows(IllegalArgumentException.class, () -> RebuildSpec.load(bad).variables(Map.of()));
    assertTrue(e3.getMessage().contains("${nope}"), e3.getMessage());
    Files.writeString(bad, "name: x\nsteps:\n  - id: a\n    command: [kg, build, --hpo, x, --pmc, y, --out, z, --hpoo, x]\n");
    var e4 = assertThrows(IllegalArgumentException.class,
        () -> RebuildCommand.checkArgumentsParse(new Rebuild(RebuildSpec.load(bad), Map.of(), a -> 0,
            new org.apache.hadoop.conf.Configuration()).plan()));
    assertTrue(e4.getMessage().contains("step 'a'") && e4.getMessage().contains("--hpoo"), e4.getMessage());
    assertFalse(Files.exists(state), "nothing ran");
  }

  @Test
  void theBundledSpecNamesRealCommandsAndResolves() {
    RebuildSpec s = RebuildSpec.load(Path.of("pipeline.yaml"));
    RebuildCommand.checkCommandsExist(s, Phenolip.commandLine());
    Rebuild r = new Rebuild(s, Map.of("root", "hdfs:///phenolip"), a -> 0, new org.apache.hadoop.conf.Configuration());
    var plan = r.plan();
    RebuildCommand.checkArgumentsParse(plan);
    assertEquals(List.of("fetch", "build", "curate", "bench", "stage1", "stage2", "eval", "publish"),
        plan.stream().map(RebuildSpec.Step::id).toList());
    assertTrue(plan.get(1).command().contains("hdfs:///phenolip/kg"), "variables resolve through other variables");
  }
}
