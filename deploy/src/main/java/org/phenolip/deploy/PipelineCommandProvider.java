package org.phenolip.deploy;

import org.phenolip.core.cli.CommandProvider;

public final class PipelineCommandProvider implements CommandProvider {
  @Override public String name() { return "pipeline"; }
  @Override public Object command() { return new PipelineCommand(); }
}
