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
  boolean up = true;
  RuntimeException cutFailure;

  FakeAccessPoints(List<String> events) {
    this.events = events;
  }

  @Override
  public Optional<RunningAp> find(InterfacePair pair) {
    return Optional.empty();
  }

  @Override
  public CutOutcome cut(InterfacePair pair) {
    events.add("cut " + pair);
    if (cutFailure != null) {
      throw cutFailure;
    }
    boolean was = up;
    up = false;
    return new CutOutcome(was, true, was ? "sent SIGTERM" : "already down");
  }
}
