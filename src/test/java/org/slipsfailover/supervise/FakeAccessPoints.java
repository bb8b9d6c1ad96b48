package org.slipsfailover.supervise;

import java.util.List;
import java.util.Optional;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;

/** An access point that is up until cut; every cut goes to {@code events}. */
final class FakeAccessPoints implements AccessPoints {
  final List<String> events;
  volatile boolean up = true;

  /** The owner starts the access point again at once after each cut. */
  volatile boolean restartedAtOnce;

  /** When not empty, the next finds answer these (true: up) instead of {@link #up}. */
  final java.util.Deque<Boolean> findAnswers = new java.util.concurrent.ConcurrentLinkedDeque<>();

  RuntimeException cutFailure;

  /** Runs at each cut, after it is recorded. */
  volatile Runnable onCut = () -> {};

  FakeAccessPoints(List<String> events) {
    this.events = events;
  }

  @Override
  public Optional<RunningAp> find(InterfacePair pair) {
    Boolean answer = findAnswers.poll();
    boolean running = answer != null ? answer : up || restartedAtOnce;
    return running
        ? Optional.of(
            new RunningAp(
                77,
                java.time.Instant.EPOCH,
                List.of("create_ap"),
                Optional.empty(),
                Optional.empty()))
        : Optional.empty();
  }

  @Override
  public CutOutcome cut(InterfacePair pair) {
    events.add("cut " + pair);
    onCut.run();
    if (cutFailure != null) {
      throw cutFailure;
    }
    boolean was = up;
    up = false;
    return was ? CutOutcome.cut("sent SIGTERM") : CutOutcome.alreadyDown("already down");
  }
}
