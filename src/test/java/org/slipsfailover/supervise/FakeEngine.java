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

/** An in-memory engine: one container, whose end the test decides; every call goes to {@code events}. */
final class FakeEngine implements SlipsEngine {
  final List<String> events;
  boolean imagePresent = true;
  boolean leftover = true;
  EngineException startFailure;
  ContainerSpec started;
  /** Completed by the test (or by {@link #stop}) to end the container. */
  final CompletableFuture<ContainerEnd> end = new CompletableFuture<>();
  ContainerEnd explained;

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
    events.add("remove " + name);
    return leftover;
  }

  @Override
  public String createAndStart(ContainerSpec spec) {
    if (startFailure != null) {
      throw startFailure;
    }
    events.add("start " + spec.name());
    started = spec;
    return "c0ffee";
  }

  @Override
  public ContainerEnd awaitEnd(String containerId) {
    events.add("await " + containerId);
    return end.join();
  }

  @Override
  public ContainerEnd explain(String containerId, ContainerEnd end) {
    events.add("explain " + containerId);
    return explained != null ? explained : end;
  }

  @Override
  public void stop(String containerId, Duration grace) {
    events.add("stop " + containerId + " " + grace.toSeconds() + "s");
    end.complete(new ContainerEnd(ContainerEnd.Reason.KILLED, 137, null));
  }

  @Override
  public java.util.Optional<org.slipsfailover.docker.ContainerState> inspect(String name) {
    throw new AssertionError("the runner never inspects by name");
  }
}
