package org.phenolip.deploy.rebuild;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.phenolip.core.cli.Phenolip;
import org.phenolip.core.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code phenolip rebuild}: the scheduled rebuild of {@code deploy/pipeline.yaml}, idempotent and resumable. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
    description = {"Run a pipeline spec (fetch, build, curate, train, eval, publish) like make: steps whose inputs "
        + "did not change are skipped, a failed run resumes at the failed step.",
        "Exit codes: 0 something was rebuilt, 3 nothing to do, 1 a step failed, 2 a usage or spec error."})
public final class RebuildCommand implements Callable<Integer> {
  @Option(names = "--spec", required = true, description = "The pipeline spec (e.g. deploy/pipeline.yaml).")
  Path spec;

  @Option(names = "--state", required = true, description = "State folder: step fingerprints, run records, lock (any Hadoop path).")
  String state;

  @Option(names = "--var", description = "Override a spec variable NAME=VALUE (repeatable).")
  List<String> vars;

  @Option(names = "--master", description = "Spark master for the steps run here (default: each command's own).")
  String master;

  @Option(names = "--dry-run", description = "Say which steps would run and why; run nothing.")
  boolean dryRun;

  @Option(names = "--print-plan", description = "Print the resolved steps as JSON (what the Airflow DAG submits) and exit.")
  boolean printPlan;

  @Override
  public Integer call() throws Exception {
    RebuildSpec s = RebuildSpec.load(spec);
    Map<String, String> overrides = Rebuild.parseVars(vars);
    CommandLine cli = Phenolip.commandLine();
    checkCommandsExist(s, cli);
    Rebuild.StepRunner runner = args -> {
      List<String> full = new ArrayList<>(args);
      if (master != null && acceptsMaster(cli, args)) full.addAll(List.of("--master", master));
      return Phenolip.commandLine().execute(full.toArray(String[]::new));
    };
    Rebuild rebuild = new Rebuild(s, overrides, runner, new Configuration());
    checkArgumentsParse(rebuild.plan());
    if (printPlan) {
      Map<String, Object> plan = new LinkedHashMap<>();
      plan.put("name", s.name());
      plan.put("steps", rebuild.plan());
      System.out.println(Json.write(plan));
      return 0;
    }
    Rebuild.RunRecord rec = rebuild.run(state, spec.toString(), dryRun);
    long ran = rec.steps().stream().filter(o -> o.status().equals("ok")).count();
    long skipped = rec.steps().stream().filter(o -> o.status().equals("skipped")).count();
    switch (rec.outcome()) {
      case "nothing-to-do" -> System.out.println("rebuild: nothing to do (" + ran + " probe step(s) ran and found no change, "
          + skipped + " step(s) up to date)");
      case "failed" -> System.err.println("rebuild: failed at step '" + rec.steps().stream()
          .filter(o -> o.status().equals("failed")).findFirst().map(Rebuild.StepOutcome::id).orElse("?")
          + "'; rerun to resume there. Run record: " + state + "/runs/" + rec.runId() + ".json");
      case "dry-run" -> System.out.println("rebuild: dry run, nothing ran");
      default -> System.out.println("rebuild: " + ran + " step(s) ran, " + skipped + " up to date. Run record: "
          + state + "/runs/" + rec.runId() + ".json");
    }
    return rec.exitCode();
  }

  /** Every step names a real command: a typo fails before any work starts. */
  static void checkCommandsExist(RebuildSpec s, CommandLine cli) {
    for (RebuildSpec.Step step : s.steps()) {
      CommandLine c = cli;
      List<String> path = new ArrayList<>();
      for (String word : step.command()) {
        if (word.startsWith("-")) break;
        CommandLine sub = c.getSubcommands().get(word);
        if (sub == null) break;
        c = sub;
        path.add(word);
      }
      if (path.isEmpty()) {
        throw new IllegalArgumentException("spec: step '" + step.id() + "': '" + step.command().get(0)
            + "' is not a phenolip command (have " + cli.getSubcommands().keySet() + ")");
      }
    }
  }

  /**
   * Every step's resolved command line names real options and gives the required ones: a typo
   * fails before any work. Values are not judged here (a model folder an earlier step will write
   * does not exist yet); the step checks them when it runs.
   */
  static void checkArgumentsParse(List<RebuildSpec.Step> plan) {
    for (RebuildSpec.Step step : plan) {
      try {
        Phenolip.commandLine().parseArgs(step.command().toArray(String[]::new));
      } catch (CommandLine.UnmatchedArgumentException | CommandLine.MissingParameterException e) {
        throw new IllegalArgumentException("spec: step '" + step.id() + "': " + e.getMessage());
      } catch (CommandLine.ParameterException e) {
        // a value its converter refuses now, e.g. a path that an earlier step creates
      }
    }
  }

  private static boolean acceptsMaster(CommandLine cli, List<String> args) {
    CommandLine c = cli;
    for (String word : args) {
      CommandLine sub = c.getSubcommands().get(word);
      if (sub == null) break;
      c = sub;
    }
    return c.getCommandSpec().findOption("--master") != null && !args.contains("--master");
  }
}
