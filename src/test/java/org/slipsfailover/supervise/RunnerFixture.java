package org.slipsfailover.supervise;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerEnd.Reason;
import org.slipsfailover.host.Pause;
import org.slipsfailover.probe.ProbeReport;
import org.slipsfailover.testing.MutableClock;
import org.slipsfailover.testing.Poll;

/**
 * What the runner's unit tests give it (they extend this): fakes that write what was asked of them
 * into {@link #events}, a clock that moves only when the runner pauses, and a way to run it until
 * something happened.
 */
abstract class RunnerFixture {
  final List<String> events = Collections.synchronizedList(new ArrayList<>());
  final FakeEngine engine = new FakeEngine(events);
  final FakeAccessPoints accessPoints = new FakeAccessPoints(events);
  final ScriptedProbe probe = new ScriptedProbe(events);
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));

  final Pause pause = movingOn(clock);

  /** Moves {@code clock} on instead of waiting; gives other threads a moment to answer. */
  static Pause movingOn(MutableClock clock) {
    return (length, early) -> {
      try {
        early.get(1, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        clock.advance(length);
      } catch (Exception e) {
        // completed exceptionally: the caller reads it
      }
    };
  }

  /**
   * The default liveness watch on a fake clock of its own (the runner's must not move with it): 15
   * s of a silent daemon take no real time.
   */
  static DaemonLiveness fakeTimeLiveness() {
    MutableClock own = new MutableClock();
    return new DaemonLiveness(
        DaemonLiveness.DEFAULT.interval(),
        DaemonLiveness.DEFAULT.allowedSilence(),
        own,
        movingOn(own));
  }

  /** The runner's parts on this fixture's fakes; a test changes the ones it is about. */
  RunnerPartsBuilder parts(Settings settings) {
    return new RunnerPartsBuilder(this, settings);
  }

  /** The probes answer {@code answers}; during probe {@code killedAt} the container ends (137). */
  void containerKilledDuringProbe(int killedAt, IntFunction<ProbeReport> answers) {
    probe.script =
        n -> {
          if (n == killedAt) {
            engine.end.complete(new ContainerEnd(Reason.EXITED, 137, null));
          }
          return answers.apply(n);
        };
  }

  /** How many of the events so far {@code which} matches (on a copy: the runner adds to them). */
  long count(Predicate<String> which) {
    return List.copyOf(events).stream().filter(which).count();
  }

  /**
   * Counts the starts of Slips' container: from the second on, it runs on (its end a future no one
   * completes), whatever ended the first.
   */
  AtomicInteger secondContainerRunsOn() {
    AtomicInteger starts = new AtomicInteger();
    engine.duringStart =
        () -> {
          if (starts.incrementAndGet() == 2) {
            engine.end = new CompletableFuture<>();
          }
        };
    return starts;
  }

  /**
   * Runs {@code runner} until {@code happened} holds (or it ends by itself), then asks it to stop
   * as systemd would; returns its exit code.
   */
  static ExitCode runUntil(Runner runner, String what, Duration within, BooleanSupplier happened)
      throws Exception {
    CompletableFuture<ExitCode> running = CompletableFuture.supplyAsync(runner::run);
    Poll.within(within).alias(what).until(() -> running.isDone() || happened.getAsBoolean());
    runner.stopOnRequest();
    return running.get(10, TimeUnit.SECONDS);
  }
}
