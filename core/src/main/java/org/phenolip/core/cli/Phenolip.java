package org.phenolip.core.cli;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/phenolip}: one CLI in front of every job found on the classpath. */
@Command(name = "phenolip", mixinStandardHelpOptions = true, version = "phenolip 0.1.0",
    description = "PhenoLIP on Spark: build PhenoKG, train and evaluate phenotype-aware vision-language models.")
public final class Phenolip implements Callable<Integer> {
  @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, print the stack trace too (default: one line).")
  boolean verbose;

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Phenolip());
    cl.setExpandAtFiles(false); // `sparql --query @file.rq` reads the file itself
    for (CommandProvider p : ServiceLoader.load(CommandProvider.class)) {
      cl.addSubcommand(p.name(), p.command());
    }
    // Bad input is the user's to fix: one line with the message (exit 2), a stack trace only
    // with --verbose. Anything else is ours: one line and a hint (exit 1).
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      boolean verbose = parsed.originalArgs().contains("--verbose") || Boolean.getBoolean("phenolip.debug");
      boolean user = ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
          || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException;
      cmd.getErr().println("error: " + oneLine(message(ex)));
      if (verbose) ex.printStackTrace(cmd.getErr());
      else if (!user) cmd.getErr().println("(" + ex.getClass().getSimpleName() + "; run with --verbose for the stack trace)");
      return user ? 2 : 1;
    });
    // An unknown option or a value of the wrong type: the message and where help is, not the whole usage.
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      cmd.getErr().println("error: " + oneLine(ex.getMessage()));
      cmd.getErr().println("see: " + cmd.getCommandSpec().qualifiedName() + " --help");
      return 2;
    });
    return cl;
  }

  private static String message(Throwable ex) {
    String m = ex.getMessage();
    if (m != null && !m.isBlank()) return m;
    Throwable c = ex.getCause();
    return c != null && c.getMessage() != null ? c.getMessage() : ex.getClass().getSimpleName();
  }

  /** The first line of a message, so an error is one line whatever the library put in it. */
  static String oneLine(String m) {
    String line = m.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }

  /** Entry point of a job's own main class: runs {@code phenolip <command> args...} and exits. */
  public static void runCommand(String command, String[] args) {
    String[] full = new String[args.length + 1];
    full[0] = command;
    System.arraycopy(args, 0, full, 1, args.length);
    exit(commandLine().execute(full));
  }

  public static void main(String[] args) {
    exit(commandLine().execute(args));
  }

  /**
   * Ends the command with {@code code}. In YARN cluster mode the driver runs inside Spark's
   * ApplicationMaster (which sets {@code spark.yarn.app.id}), and it reports an application whose
   * main calls {@link System#exit} — even with 0 — as FAILED ("Shutdown hook called before final
   * status was reported"): there success returns and failure throws, and the AM reports either.
   */
  static void exit(int code) {
    if (System.getProperty("spark.yarn.app.id") != null) {
      if (code != 0) throw new IllegalStateException("phenolip command failed with exit code " + code + " (the error is above)");
      return;
    }
    System.exit(code);
  }
}
