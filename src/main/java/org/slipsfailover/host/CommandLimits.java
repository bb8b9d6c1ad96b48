package org.slipsfailover.host;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slipsfailover.config.ServiceTimings;

/**
 * How long each command the tool runs may take before it is killed: every limit is here, and {@link
 * ProcessCommands} applies them to every command, so no caller can forget one. A hung {@code
 * systemctl} (a stuck D-Bus) or a stuck {@code iptables} lock must never hold the cut, the gate or
 * the runner's shutdown.
 *
 * <p>A rule matches the program's file name and, when it names one, the first argument that is not
 * an option ({@code systemctl --root=DIR enable} matches "systemctl enable"). The first matching
 * rule wins; {@link #DEFAULT} covers any command not listed.
 */
public final class CommandLimits {
  /** Any command not in the table. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  /**
   * One request to a long-lived command ({@link Commands#start}): the gate's {@code nft -j -i}
   * lists two small tables in milliseconds; an nft that does not answer in this time is killed and
   * the next request starts a fresh one.
   */
  public static final Duration INTERACTIVE_REQUEST = Duration.ofSeconds(2);

  /** One line of the table. */
  public record Rule(Set<String> programs, String verb, Duration limit) {
    boolean matches(String name, String firstWord) {
      return programs.contains(name) && (verb == null || verb.equals(firstWord));
    }
  }

  static final List<Rule> RULES =
      List.of(
          // On the cut path: create_ap.service is stopped through systemd; when systemctl does not
          // answer in time, the cut signals create_ap itself. create_ap cleans up in about 1 s.
          rule("systemctl", "stop", 5),
          // Type=notify: "start" returns once the runner says READY (the image is already there).
          rule("systemctl", "start", ServiceTimings.TIMEOUT_START.plusSeconds(30)),
          rule(
              "systemctl",
              "restart",
              ServiceTimings.TIMEOUT_STOP.plus(ServiceTimings.TIMEOUT_START).plusSeconds(30)),
          // Uninstall's "disable --now" stops slips.service, which may take its whole stop timeout.
          rule("systemctl", "disable", ServiceTimings.TIMEOUT_STOP.plusSeconds(30)),
          // show, is-active, enable, daemon-reload, reset-failed: D-Bus calls that answer at once.
          rule("systemctl", null, 30),
          // The cut's last resort (ip link set ... down).
          rule("ip", null, 5),
          // iptables -w waits for the xtables lock; nft answers at once.
          rule(
              Set.of(
                  "iptables",
                  "ip6tables",
                  "iptables-save",
                  "ip6tables-save",
                  "iptables-restore",
                  "ip6tables-restore",
                  "nft"),
              20),
          // The watcher waits up to 60 s for its lock; the runner's stop must end within
          // TimeoutStopSec (the container's grace, then 30 s), so a save gets 20 s of it.
          rule("slips-iptables-watcher.sh", null, 20),
          rule("dpkg-query", null, 30),
          // One notification attempt (every URL, sent in parallel); apprise's own connect and read
          // time-outs are 4 s each, so this ends only a receiver that trickles or an apprise stuck.
          rule("apprise", null, 30),
          rule("debconf-set-selections", null, 60),
          // Downloads over the Pi's link: generous, but not forever.
          rule("apt-get", null, 15 * 60));

  private CommandLimits() {}

  private static Rule rule(String program, String verb, int seconds) {
    return rule(program, verb, Duration.ofSeconds(seconds));
  }

  private static Rule rule(String program, String verb, Duration limit) {
    return new Rule(Set.of(program), verb, limit);
  }

  /** The same limit for each of {@code programs}, whatever the verb. */
  private static Rule rule(Set<String> programs, int seconds) {
    return new Rule(programs, null, Duration.ofSeconds(seconds));
  }

  /** The time limit of this command line. */
  public static Duration of(List<String> argv) {
    if (argv.isEmpty()) {
      return DEFAULT;
    }
    String program = argv.get(0);
    String name = program.substring(program.lastIndexOf('/') + 1);
    String firstWord =
        argv.stream().skip(1).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
    return RULES.stream()
        .filter(r -> r.matches(name, firstWord))
        .map(Rule::limit)
        .findFirst()
        .orElse(DEFAULT);
  }

  static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0
        ? d.toSeconds() + " s"
        : String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
