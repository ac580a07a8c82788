package org.phenolip.core.cli;

import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/phenolip}: one CLI in front of every job found on the classpath. */
@Command(name = "phenolip", mixinStandardHelpOptions = true, version = "phenolip 0.1.0",
    description = "PhenoLIP on Spark: build PhenoKG, train and evaluate phenotype-aware vision-language models.")
public final class Phenolip implements Callable<Integer> {

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
    // Bad input is the user's to fix: print the message, not a stack trace.
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
          || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
        cmd.getErr().println("error: " + ex.getMessage());
        if (Boolean.getBoolean("phenolip.debug")) ex.printStackTrace(cmd.getErr());
        return 2;
      }
      throw ex;
    });
    return cl;
  }

  /** Entry point of a job's own main class: runs {@code phenolip <command> args...} and exits. */
  public static void runCommand(String command, String[] args) {
    String[] full = new String[args.length + 1];
    full[0] = command;
    System.arraycopy(args, 0, full, 1, args.length);
    System.exit(commandLine().execute(full));
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }
}
