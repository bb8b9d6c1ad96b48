package org.slipsfailover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slipsfailover.docker.SlipsEngine;

/** One engine client a process, made only when asked, closed once by the factory. */
class OwnedEngineTest {
  private final AtomicInteger made = new AtomicInteger();
  private final AtomicInteger closed = new AtomicInteger();

  /** An engine that only counts its close(). */
  private SlipsEngine engine() {
    made.incrementAndGet();
    return (SlipsEngine)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {SlipsEngine.class, AutoCloseable.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close")) {
                closed.incrementAndGet();
              }
              return null;
            });
  }

  @Test
  void madeOnceWhenAskedAndClosedOnce() {
    try (OwnedEngine owned = new OwnedEngine(this::engine)) {
      assertThat(owned.get()).isSameAs(owned.get());
      assertThat(made).hasValue(1);
    }
    assertThat(closed).hasValue(1);
  }

  @Test
  void neverMadeWhenNobodyAsks() {
    new OwnedEngine(this::engine).close();
    assertThat(made).hasValue(0);
    assertThat(closed).hasValue(0);
  }
}
