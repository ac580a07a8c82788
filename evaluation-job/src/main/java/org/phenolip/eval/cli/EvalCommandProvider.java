package org.phenolip.eval.cli;

import org.phenolip.core.cli.CommandProvider;

/** Registers {@code phenolip eval} (with {@code build-bench}) in the one CLI. */
public final class EvalCommandProvider implements CommandProvider {
  @Override public String name() { return "eval"; }

  @Override public Object command() { return new EvalCommand(); }
}
