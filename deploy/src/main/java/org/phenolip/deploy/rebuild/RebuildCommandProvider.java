package org.phenolip.deploy.rebuild;

import org.phenolip.core.cli.CommandProvider;

public final class RebuildCommandProvider implements CommandProvider {
  @Override public String name() { return "rebuild"; }
  @Override public Object command() { return new RebuildCommand(); }
}
