package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.Pause;
import org.slipsfailover.probe.SlipsProbe;

/**
 * {@link RunnerParts} for unit tests: the fakes and the fake clock given, the rest as production
 * has them or saying nothing; a test sets the parts it is about.
 */
final class RunnerPartsBuilder {
  private final Settings settings;
  private final SlipsEngine engine;
  private final AccessPoints accessPoints;
  private final SlipsProbe probe;
  private final Clock clock;
  private final Pause pause;
  private RulesSaver rules = () -> new RulesSaver.Saved(true, "saved");
  private ServiceManager serviceManager = ServiceManager.none();
  private DaemonLiveness liveness = DaemonLiveness.DEFAULT;
  private GateHold gate = GateHold.none();
  private HandOver handOver = HandOver.none();

  RunnerPartsBuilder(
      Settings settings,
      SlipsEngine engine,
      AccessPoints accessPoints,
      SlipsProbe probe,
      Clock clock,
      Pause pause) {
    this.settings = settings;
    this.engine = engine;
    this.accessPoints = accessPoints;
    this.probe = probe;
    this.clock = clock;
    this.pause = pause;
  }

  RunnerPartsBuilder rules(RulesSaver rules) {
    this.rules = rules;
    return this;
  }

  RunnerPartsBuilder serviceManager(ServiceManager serviceManager) {
    this.serviceManager = serviceManager;
    return this;
  }

  RunnerPartsBuilder liveness(DaemonLiveness liveness) {
    this.liveness = liveness;
    return this;
  }

  RunnerPartsBuilder gate(GateHold gate) {
    this.gate = gate;
    return this;
  }

  RunnerPartsBuilder handOver(HandOver handOver) {
    this.handOver = handOver;
    return this;
  }

  RunnerParts build() {
    return new RunnerParts(
        settings,
        engine,
        accessPoints,
        rules,
        serviceManager,
        Duration.ofSeconds(30),
        clock,
        clock,
        liveness,
        probe,
        ProbeTimings.DEFAULT,
        pause,
        gate,
        handOver);
  }

  Runner runner() {
    return new Runner(build());
  }
}
