package org.slipsfailover.supervise;

import java.nio.file.Path;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ForwardingEngine;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.OutputMount;

/**
 * An engine whose containers mount the checked {@code output/} of the Slips folder, never a path
 * its owner could swap meanwhile ({@link OutputMount}): bound onto a root-only path for the
 * creation and start, unbound once the container holds its own mount.
 *
 * @param mounts root's folder for the binds ({@code /run/slips-failover/mnt})
 */
public record CheckedOutputEngine(SlipsEngine engine, Path slipsDir, Path mounts, Commands commands)
    implements ForwardingEngine {

  @Override
  public String createAndStart(ContainerSpec spec) {
    try (OutputMount output = OutputMount.bind(slipsDir, mounts, commands)) {
      return engine.createAndStart(spec.withHostOutputDir(output.path()));
    }
  }
}
