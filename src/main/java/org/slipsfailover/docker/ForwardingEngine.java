package org.slipsfailover.docker;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A decorator of {@link SlipsEngine}: every call goes to {@link #engine()} unless the decorator
 * overrides it, so that each decorator writes only the calls it changes.
 */
public interface ForwardingEngine extends SlipsEngine {

  /** The engine decorated. */
  SlipsEngine engine();

  @Override
  default boolean imagePresent(String image) {
    return engine().imagePresent(image);
  }

  @Override
  default void pull(String image, Consumer<PullProgress> progress) {
    engine().pull(image, progress);
  }

  @Override
  default boolean removeIfExists(String name) {
    return engine().removeIfExists(name);
  }

  @Override
  default String createAndStart(ContainerSpec spec) {
    return engine().createAndStart(spec);
  }

  @Override
  default ContainerEnd awaitEnd(String containerId) {
    return engine().awaitEnd(containerId);
  }

  @Override
  default ContainerEnd explain(String containerId, ContainerEnd end) {
    return engine().explain(containerId, end);
  }

  @Override
  default void stop(String containerId, Duration grace) {
    engine().stop(containerId, grace);
  }

  @Override
  default void ping() {
    engine().ping();
  }

  @Override
  default void pingAnew() {
    engine().pingAnew();
  }

  @Override
  default Optional<ContainerState> inspect(String name) {
    return engine().inspect(name);
  }
}
