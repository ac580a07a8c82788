package org.phenolip.deploy.rebuild;

import org.phenolip.core.cli.CommandProvider;

public final class PublishCommandProvider implements CommandProvider {
  @Override public String name() { return "publish"; }
  @Override public Object command() { return new PublishCommand(); }
}
