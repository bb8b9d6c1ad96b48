package org.slipsfailover.supervise;

import java.time.Duration;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.ImagePinFile;

/**
 * {@link RunnerParts} for unit tests: the fixture's fakes and fake clock, the rest as production
 * has them or saying nothing; a test sets the fields it is about, then builds.
 */
final class RunnerPartsBuilder {
  private final RunnerFixture fixture;
  private final Settings settings;
  RulesSaver rules = () -> new RulesSaver.Saved(true, "saved");
  ServiceManager serviceManager = ServiceManager.none();
  DaemonLiveness liveness = DaemonLiveness.DEFAULT;
  GateHold gate = GateHold.none();
  HandOver handOver = HandOver.none();
  ProtectionEvents events = ProtectionEvents.none();
  ImagePinFile pins = ImagePinFile.none();

  RunnerPartsBuilder(RunnerFixture fixture, Settings settings) {
    this.fixture = fixture;
    this.settings = settings;
  }

  RunnerParts build() {
    return new RunnerParts(
        settings,
        fixture.engine,
        fixture.accessPoints,
        rules,
        serviceManager,
        Duration.ofSeconds(30),
        fixture.clock,
        fixture.clock,
        liveness,
        fixture.probe,
        ProbeTimings.DEFAULT,
        fixture.pause,
        gate,
        handOver,
        events,
        pins);
  }

  Runner runner() {
    return new Runner(build());
  }
}
