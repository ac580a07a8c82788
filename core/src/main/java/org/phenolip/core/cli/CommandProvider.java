package org.phenolip.core.cli;

/**
 * A job module's entry in the one CLI. Modules list their provider in
 * {@code META-INF/services/org.phenolip.core.cli.CommandProvider}; {@link Phenolip} finds
 * them on the classpath, so the CLI grows with the jobs that are built.
 */
public interface CommandProvider {
  /** The subcommand name, e.g. {@code kg}. */
  String name();

  /** A picocli {@code @Command} object. */
  Object command();
}
