package org.slipsfailover.supervise;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.OutputMount;

/**
 * An engine whose containers mount the checked {@code output/} of the Slips folder, never a path
 * its owner could swap meanwhile ({@link OutputMount}): bound onto a root-only path for the
 * creation and start, unbound once the container holds its own mount.
 */
public final class CheckedOutputEngine implements SlipsEngine {
  private final SlipsEngine engine;
  private final Path slipsDir;
  private final Path mounts;
  private final Commands commands;

  /**
   * @param mounts root's folder for the binds ({@code /run/slips-failover/mnt})
   */
  public CheckedOutputEngine(SlipsEngine engine, Path slipsDir, Path mounts, Commands commands) {
    this.engine = engine;
    this.slipsDir = slipsDir;
    this.mounts = mounts;
    this.commands = commands;
  }

  @Override
  public String createAndStart(ContainerSpec spec) {
    try (OutputMount output = OutputMount.bind(slipsDir, mounts, commands)) {
      return engine.createAndStart(spec.withHostOutputDir(output.path()));
    }
  }

  @Override
  public boolean imagePresent(String image) {
    return engine.imagePresent(image);
  }

  @Override
  public void pull(String image, Consumer<PullProgress> progress) {
    engine.pull(image, progress);
  }

  @Override
  public boolean removeIfExists(String name) {
    return engine.removeIfExists(name);
  }

  @Override
  public ContainerEnd awaitEnd(String containerId) {
    return engine.awaitEnd(containerId);
  }

  @Override
  public ContainerEnd explain(String containerId, ContainerEnd end) {
    return engine.explain(containerId, end);
  }

  @Override
  public void stop(String containerId, Duration grace) {
    engine.stop(containerId, grace);
  }

  @Override
  public void ping() {
    engine.ping();
  }

  @Override
  public Optional<ContainerState> inspect(String name) {
    return engine.inspect(name);
  }
}
