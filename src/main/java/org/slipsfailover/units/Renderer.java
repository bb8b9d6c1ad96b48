package org.slipsfailover.units;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.ServiceTimings;
import org.slipsfailover.config.Settings;

/** Renders every {@link HostFile} from its template and the install's settings. */
public final class Renderer {
  private final TemplateSource templates;

  public Renderer(TemplateSource templates) {
    this.templates = templates;
  }

  public String render(HostFile file, Settings settings) {
    return templates.load(file.template()).render(values(settings));
  }

  /** A file of {@link HostFile#AUTO_UPDATE}: the settings' values and the timer's schedule. */
  public String render(HostFile file, Settings settings, AutoUpdate autoUpdate) {
    Map<String, String> v = values(settings);
    v.put("AUTO_UPDATE", autoUpdate.word());
    v.put("AUTO_UPDATE_DAYS", autoUpdate.days());
    return templates.load(file.template()).render(v);
  }

  /** Every placeholder a template may use. */
  static Map<String, String> values(Settings s) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("PAIR", s.pair().toString());
    v.put("WIFI", s.pair().wifi());
    v.put("ETH", s.pair().eth());
    v.put("SLIPS_DIR", s.slipsDir().toString());
    v.put("LOG_FILE", s.logFile().toString());
    v.put("IMAGE", s.image());
    v.put("CONTAINER_NAME", s.containerName());
    v.put("BLOCKING", Boolean.toString(s.blocking()));
    v.put("KEEP_AP", Boolean.toString(s.keepAp()));
    v.put("MEMORY", s.memory());
    v.put("CPU_SHARES", Integer.toString(s.cpuShares()));
    v.put("SHM_SIZE", s.shmSize());
    v.put("JAR", HostFile.JAR);
    v.put("COMMAND", HostFile.COMMAND);
    v.put("CLASS_ARCHIVE", HostFile.CLASS_ARCHIVE);
    v.put("RUNNER_SCRIPT", HostFile.RUNNER_SCRIPT);
    v.put("WATCHER_SCRIPT", HostFile.WATCHER_SCRIPT);
    v.put("GATE_RULESET", HostFile.GATE_RULESET_PATH);
    v.put("HANDOVER", org.slipsfailover.host.HandOver.PATH);
    v.put(
        "HANDOVER_VALIDITY_SEC",
        Long.toString(org.slipsfailover.host.HandOver.VALIDITY.toSeconds()));
    v.put("NFT", HostFile.NFT);
    v.put("RESTART_SEC", seconds(ServiceTimings.RESTART));
    v.put("START_LIMIT_INTERVAL_SEC", seconds(ServiceTimings.START_LIMIT_INTERVAL));
    v.put("START_LIMIT_BURST", Integer.toString(ServiceTimings.START_LIMIT_BURST));
    v.put("TIMEOUT_START_SEC", seconds(ServiceTimings.TIMEOUT_START));
    v.put("TIMEOUT_STOP_SEC", seconds(ServiceTimings.TIMEOUT_STOP));
    v.put("WATCHDOG_SEC", seconds(ServiceTimings.WATCHDOG));
    v.put("EXIT_GAVE_UP", Integer.toString(ExitCode.GAVE_UP.number()));
    v.put("EXIT_TERMINATED", Integer.toString(ExitCode.TERMINATED.number()));
    return v;
  }

  /** systemd's settings take whole seconds. */
  private static String seconds(Duration d) {
    return Long.toString(d.toSeconds());
  }
}
