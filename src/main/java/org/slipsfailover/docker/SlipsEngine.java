package org.slipsfailover.docker;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The narrow slice of the Docker engine that failover needs. The docker-java adapter is tested
 * against a real engine; the runner's policy is tested against a small fake of this interface.
 */
public interface SlipsEngine {

  boolean imagePresent(String image);

  /**
   * Pulls the image, reporting progress lines (or percentages) to {@code progress}.
   *
   * @throws EngineException when it cannot be pulled
   */
  void pull(String image, Consumer<PullProgress> progress);

  /** Removes a container of this name, running or not; false when there was none. */
  boolean removeIfExists(String name);

  /** Creates and starts the container; returns its id. */
  String createAndStart(ContainerSpec spec);

  /**
   * Blocks until the container is no longer running, and says why as far as the engine's answer to
   * the wait itself tells. Never times out by itself, and asks the engine nothing more: the caller
   * cuts the access point the moment this returns, so no further round trip may delay it.
   */
  ContainerEnd awaitEnd(String containerId);

  /**
   * Asks the engine for what the wait does not tell (an OOM kill, a removal in progress) and
   * returns the fuller reason; returns {@code end} unchanged when the engine cannot say more (the
   * default, for engines that know nothing beyond the wait).
   */
  default ContainerEnd explain(String containerId, ContainerEnd end) {
    return end;
  }

  /** Stops the container (SIGTERM, then SIGKILL after the grace period); no-op when not running. */
  void stop(String containerId, Duration grace);

  /**
   * Asks the engine whether it is alive; throws {@link EngineException} when it does not answer
   * within a few seconds.
   */
  void ping();

  /**
   * Asks the engine on a connection of its own, opened for this ping, and throws {@link
   * EngineException} when it does not answer: only an engine that serves answers. A dockerd that
   * shuts down ({@code systemctl restart docker}) closes its socket first, then stops its
   * containers (seconds, up to their stop timeouts), and meanwhile keeps answering on the
   * connections it had: pings, even the creation and start of a container it then abandons (checked
   * with Debian's 20.10). When it fails, the connections held are dropped too, so that the calls
   * after it connect to the engine that comes back.
   */
  default void pingAnew() {
    ping();
  }

  /** The container of this name, or empty when there is none. */
  Optional<ContainerState> inspect(String name);
}
