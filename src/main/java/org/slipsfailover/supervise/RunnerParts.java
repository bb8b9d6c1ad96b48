package org.slipsfailover.supervise;

import java.time.Clock;
import java.time.Duration;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.config.ProbeTimings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.Pause;
import org.slipsfailover.probe.SlipsProbe;

/**
 * What a {@link Runner} works with, built by the composition root.
 *
 * @param engine the Docker engine, as it is (the runner feeds the watchdog around its slow calls)
 * @param accessPoints as the runner cuts them
 * @param rules saves the iptables rules after each cut
 * @param serviceManager systemd, or nobody outside it
 * @param stopGrace how long Slips gets to stop before SIGKILL
 * @param clock times waits, deadlines and failures; monotonic in production, so that the wall clock
 *     set from the network after boot (a Pi has no battery clock) neither ends a wait early nor
 *     stretches one
 * @param wallClock only for the date people read in the status line
 * @param liveness races the engine's wait for the container's end against the engine's silence
 * @param probe asks whether Slips protects
 * @param timings how often it is asked, and how many misses count as a death
 * @param pause how the runner waits
 * @param gate loaded closed at start, renewed after each good probe, revoked first on every failure
 *     and stop, checked every probe interval ({@link GateHold#none()} without the gate)
 * @param handOver package upgrades: stopping during one leaves Slips and the access point up with
 *     the gate closed; starting after one adopts the running Slips ({@link HandOver#none()})
 * @param events told of every probe and every change of protection, after the cut (notifications,
 *     metrics; {@link ProtectionEvents#none()}); guarded here, so that nothing they throw reaches
 *     the runner
 * @param pins the image pinned by digest, which each start runs ({@link PinnedImage}; {@link
 *     ImagePinFile#none()}: the configured image as it is)
 */
public record RunnerParts(
    Settings settings,
    SlipsEngine engine,
    AccessPoints accessPoints,
    RulesSaver rules,
    ServiceManager serviceManager,
    Duration stopGrace,
    Clock clock,
    Clock wallClock,
    DaemonLiveness liveness,
    SlipsProbe probe,
    ProbeTimings timings,
    Pause pause,
    GateHold gate,
    HandOver handOver,
    ProtectionEvents events,
    ImagePinFile pins) {

  public RunnerParts {
    events = GuardedEvents.wrap(events);
  }
}
