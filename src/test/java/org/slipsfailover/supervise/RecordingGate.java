package org.slipsfailover.supervise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gate whose load, renewals and revokes go to {@code events} ("gate load", "gate renew", "gate
 * revoke"), so that a test sees it closed and opened in order with the runner's other steps; checks
 * are only counted (one a second would crowd the events).
 */
final class RecordingGate implements GateHold {
  final List<String> events;

  /** The probe start each renewal was for. */
  final List<Instant> renewedFor = Collections.synchronizedList(new ArrayList<>());

  final AtomicInteger checks = new AtomicInteger();

  /** Thrown by revoke, after it is recorded, when set. */
  volatile Error revokeError;

  RecordingGate(List<String> events) {
    this.events = events;
  }

  @Override
  public void load() {
    events.add("gate load");
  }

  @Override
  public void renew(Instant probeStarted) {
    events.add("gate renew");
    renewedFor.add(probeStarted);
  }

  @Override
  public void revoke(String why) {
    events.add("gate revoke");
    if (revokeError != null) {
      throw revokeError;
    }
  }

  @Override
  public void check() {
    checks.incrementAndGet();
  }
}
