package org.phenolip.train.cli;

import org.phenolip.core.cli.CommandProvider;

public final class TrainCommandProvider implements CommandProvider {
  @Override public String name() { return "train"; }
  @Override public Object command() { return new TrainCommand(); }
}
