package org.slipsfailover.docker;

import java.time.Duration;
import java.util.Optional;

/**
 * An engine for a command that pulls and reads but never runs Slips itself (install, update): the
 * test says what pulling does, and what reading does where it is used; removing, starting, awaiting
 * or stopping a container fails the test, as does a read the test did not expect.
 */
public abstract class PullOnlyEngine implements SlipsEngine {
  private final String command;

  /** {@code command}: who uses this engine, named in the failure ("update never stops ..."). */
  protected PullOnlyEngine(String command) {
    this.command = command;
  }

  @Override
  public final boolean removeIfExists(String name) {
    throw new AssertionError(command + " never removes a container");
  }

  @Override
  public final String createAndStart(ContainerSpec spec) {
    throw new AssertionError(command + " never starts a container: the runner does");
  }

  @Override
  public final ContainerEnd awaitEnd(String containerId) {
    throw new AssertionError(command + " never awaits a container's end");
  }

  @Override
  public final void stop(String containerId, Duration grace) {
    throw new AssertionError(command + " never stops a container: the runner does");
  }

  @Override
  public boolean imagePresent(String image) {
    throw new AssertionError(command + " was not expected to look for " + image);
  }

  @Override
  public void ping() {
    throw new AssertionError(command + " was not expected to ping the engine");
  }

  @Override
  public Optional<ContainerState> inspect(String name) {
    throw new AssertionError(command + " was not expected to inspect " + name);
  }
}
