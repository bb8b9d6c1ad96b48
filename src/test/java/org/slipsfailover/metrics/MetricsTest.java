package org.slipsfailover.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.TestSettings;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.supervise.GateHold;
import org.slipsfailover.testing.MutableClock;

/** When the runner writes metrics: the switch and the folder. */
class MetricsTest {
  @TempDir Path tmp;
  private final GateHold gate = GateHold.none();

  private Metrics start(Map<String, String> environment) {
    return Metrics.start(
        HostRoot.of(tmp),
        environment,
        TestSettings.defaults(Path.of("/slips")),
        new ProcessCommands(),
        "1",
        new MutableClock());
  }

  @Test
  void noNodeExporterFolderNoMetrics() {
    assertThat(start(Map.of()).watch(gate)).isSameAs(gate);
    assertThat(tmp.resolve("var")).doesNotExist();
  }

  @Test
  void debiansFolderTurnsThemOn() throws Exception {
    Files.createDirectories(tmp.resolve("var/lib/prometheus/node-exporter"));
    Metrics metrics = start(Map.of());
    try {
      assertThat(metrics.watch(gate)).isInstanceOf(GateWatch.class);
    } finally {
      metrics.stop();
    }
  }

  @Test
  void offOrARelativeFolderTurnsThemOff() throws Exception {
    Files.createDirectories(tmp.resolve("var/lib/prometheus/node-exporter"));
    assertThat(start(Map.of(Metrics.SWITCH, "off")).watch(gate)).isSameAs(gate);
    assertThat(start(Map.of(Metrics.SWITCH, "prom")).watch(gate)).isSameAs(gate);
  }
}
