package org.slipsfailover.supervise;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;

/**
 * An in-memory engine: one container, whose end the test decides; every call goes to {@code
 * events}.
 */
final class FakeEngine implements SlipsEngine {
  final List<String> events;
  boolean imagePresent = true;
  boolean leftover = true;
  EngineException startFailure;
  ContainerSpec started;

  /** Runs inside {@link #createAndStart} first: a slow or hung engine. */
  volatile Runnable duringStart = () -> {};

  /**
   * Completed by the test (or by {@link #stop}) to end the container; a stopped one is replaced at
   * the next start.
   */
  volatile CompletableFuture<ContainerEnd> end = new CompletableFuture<>();

  private volatile boolean stopped;
  ContainerEnd explained;

  /** The image the running container says it runs. */
  String runningImage = "img";

  FakeEngine(List<String> events) {
    this.events = events;
  }

  @Override
  public boolean imagePresent(String image) {
    return imagePresent;
  }

  @Override
  public void pull(String image, Consumer<PullProgress> progress) {
    events.add("pull " + image);
    progress.accept(new PullProgress("Downloading", 50, 100));
    progress.accept(new PullProgress("Pull complete", 100, 100));
  }

  @Override
  public boolean removeIfExists(String name) {
    refuseWhileDown();
    events.add("remove " + name);
    return leftover;
  }

  @Override
  public String createAndStart(ContainerSpec spec) {
    duringStart.run();
    refuseWhileDown();
    if (shuttingDown.getAsBoolean()) {
      events.add("start on a dockerd shutting down");
      throw new EngineException("start container at fake: transport is closing", null);
    }
    if (startFailure != null) {
      throw startFailure;
    }
    events.add("start " + spec.name());
    started = spec;
    if (stopped) {
      stopped = false;
      end = new CompletableFuture<>();
    }
    return "c0ffee";
  }

  @Override
  public ContainerEnd awaitEnd(String containerId) {
    events.add("await " + containerId);
    CompletableFuture<ContainerEnd> current = end;
    return current.join();
  }

  @Override
  public ContainerEnd explain(String containerId, ContainerEnd end) {
    events.add("explain " + containerId);
    return explained != null ? explained : end;
  }

  /** Runs inside {@link #stop} first: a slow or hung engine. */
  volatile Runnable duringStop = () -> {};

  @Override
  public void stop(String containerId, Duration grace) {
    duringStop.run();
    events.add("stop " + containerId + " " + grace.toSeconds() + "s");
    stopped = true;
    end.complete(new ContainerEnd(ContainerEnd.Reason.KILLED, 137, null));
  }

  /** The container's first process, as the engine would name it. */
  @Override
  public java.util.Optional<org.slipsfailover.docker.ContainerState> inspect(String name) {
    return java.util.Optional.of(
        new org.slipsfailover.docker.ContainerState(
            name,
            true,
            runningImage,
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            0,
            false,
            4242));
  }

  /** Set by a test to make the daemon "hang". */
  volatile boolean hung;

  /** Set by a test to make the daemon gone (restarting): pings are refused while it says true. */
  volatile java.util.function.BooleanSupplier down = () -> false;

  @Override
  public void ping() {
    if (hung) {
      throw new EngineException("ping at fake: timed out", null);
    }
    if (down.getAsBoolean()) {
      events.add("ping refused");
      throw new EngineException("ping at fake: Connection refused", null);
    }
  }

  /**
   * Set by a test to make the daemon shut down (dockerd stopping its containers): it answers on the
   * connections it had, pings included, takes a new container and abandons it (the start fails),
   * and refuses new connections.
   */
  volatile java.util.function.BooleanSupplier shuttingDown = () -> false;

  @Override
  public void pingAnew() {
    if (shuttingDown.getAsBoolean()) {
      events.add("ping anew refused");
      throw new EngineException("ping at fake: No such file or directory", null);
    }
    ping();
  }

  private void refuseWhileDown() {
    if (down.getAsBoolean()) {
      events.add("refused");
      throw new EngineException("at fake: Connection refused", null);
    }
  }
}
