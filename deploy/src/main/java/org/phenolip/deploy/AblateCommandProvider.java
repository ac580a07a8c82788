package org.phenolip.deploy;

import org.phenolip.core.cli.CommandProvider;

public final class AblateCommandProvider implements CommandProvider {
  @Override public String name() { return "ablate"; }
  @Override public Object command() { return new AblateCommand(); }
}
