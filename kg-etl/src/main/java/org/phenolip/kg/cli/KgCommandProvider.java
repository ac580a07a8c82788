package org.phenolip.kg.cli;

import org.phenolip.core.cli.CommandProvider;

public final class KgCommandProvider implements CommandProvider {
  @Override public String name() { return "kg"; }
  @Override public Object command() { return new KgCommand(); }
}
