package org.phenolip.curate.cli;

import org.phenolip.core.cli.CommandProvider;

public final class CurateCommandProvider implements CommandProvider {
  @Override public String name() { return "curate"; }
  @Override public Object command() { return new CurateCommand(); }
}
