package org.slipsfailover.status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.probe.RunnerStatus;

/** Facts of a protected Pi, with one part changed at a time by each test. */
final class TestFacts {
  Facts.Unit service = unit("slips.service", "active", "success");
  Facts.Unit timer = unit("iptables-watcher.timer", "active", "success");
  Optional<ContainerState> container =
      Optional.of(
          new ContainerState(
              "slips", true, "img", Optional.empty(), Optional.empty(), 0, false, 0));
  Optional<Facts.AccessPoint> accessPoint =
      Optional.of(new Facts.AccessPoint(true, "create_ap pid 1"));
  List<String> unreadable = List.of();
  Optional<String> unsafePath = Optional.empty();
  Optional<GateReading> gate = Optional.empty();
  Facts.Protection protection = Facts.Protection.UNKNOWN;
  SlipsFindings findings = SlipsFindings.NONE;

  static Facts.Unit unit(String name, String active, String result) {
    return new Facts.Unit(
        name,
        active,
        active.equals("active") ? "running" : "dead",
        result,
        Optional.of(Instant.EPOCH),
        0,
        Optional.empty(),
        0);
  }

  Optional<ImagePin> pin = Optional.empty();

  Facts build() {
    return new Facts(
        true,
        service,
        timer,
        container,
        accessPoint,
        Optional.empty(),
        List.of(),
        unreadable,
        protection,
        unsafePath,
        gate,
        findings,
        pin);
  }

  TestFacts service(Facts.Unit value) {
    service = value;
    return this;
  }

  TestFacts timer(Facts.Unit value) {
    timer = value;
    return this;
  }

  TestFacts container(Optional<ContainerState> value) {
    container = value;
    return this;
  }

  TestFacts accessPoint(Facts.AccessPoint value) {
    accessPoint = Optional.of(value);
    return this;
  }

  TestFacts unreadable(String... why) {
    unreadable = List.of(why);
    return this;
  }

  TestFacts unsafePath(String why) {
    unsafePath = Optional.of(why);
    return this;
  }

  TestFacts runner(RunnerStatus.Phase phase) {
    protection =
        new Facts.Protection(Optional.of(new RunnerStatus(phase, Instant.EPOCH)), Optional.empty());
    return this;
  }

  TestFacts findings(SlipsFindings value) {
    findings = value;
    return this;
  }

  TestFacts gate(GateReading value) {
    gate = Optional.of(value);
    return this;
  }
}
