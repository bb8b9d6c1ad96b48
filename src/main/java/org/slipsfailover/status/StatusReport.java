package org.slipsfailover.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.gate.GateReading;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.OneLine;
import org.slipsfailover.probe.RunnerStatus;

/** Prints the facts: the verdict first, then one line per part; or the same as JSON. */
public final class StatusReport {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private StatusReport() {}

  public static void printText(PrintStream out, Facts f, Verdict v, Instant now) {
    out.println(v.headline());
    if (!f.installed()) {
      return;
    }
    out.println();
    Facts.Unit s = f.service();
    out.printf(
        "%-16s %s (%s)%s, %d restart(s)%s%n",
        "slips.service",
        s.activeState(),
        s.subState(),
        s.since().map(t -> " since " + ago(t, now)).orElse(""),
        s.restarts(),
        s.result().equals("success") ? "" : ", last result " + s.result());
    f.container()
        .ifPresent(
            c -> {
              out.printf(
                  "%-16s %s, image %s%s%n",
                  "container " + c.name(),
                  c.running() ? "running" : "not running",
                  c.image(),
                  c.running()
                      ? c.startedAt().map(t -> ", up since " + ago(t, now)).orElse("")
                      : "");
              f.pin().ifPresent(p -> out.printf("%-16s %s%n", "image", pinned(p, now)));
              if (!c.running() && c.finishedAt().isPresent()) {
                out.printf(
                    "%-16s exited %s with code %d%s%n",
                    "",
                    ago(c.finishedAt().get(), now),
                    c.exitCode(),
                    c.oomKilled() ? " (killed: out of memory)" : "");
              }
            });
    f.protection()
        .runner()
        .ifPresent(
            r ->
                out.printf(
                    "%-16s %s since %s%n",
                    "runner",
                    r.phase().words().toLowerCase(java.util.Locale.ROOT),
                    ago(r.since(), now)));
    f.protection()
        .probes()
        .ifPresent(
            p ->
                p.checks()
                    .forEach(
                        c ->
                            out.printf(
                                "%-16s %s: %s%n",
                                "probe " + c.name(), c.ok() ? "ok" : "FAILED", c.detail())));
    f.accessPoint().ifPresent(a -> out.printf("%-16s %s%n", "access point", a.description()));
    f.gate()
        .filter(g -> g.state() != GateReading.State.UNREADABLE)
        .ifPresent(
            g -> {
              out.printf("%-16s %s%n", "gate", g.describe());
              if (!g.bridgeLoaded()) {
                out.printf("%-16s %s%n", "", GateReading.BRIDGE_NOT_LOADED);
              }
            });
    Facts.Unit t = f.timer();
    out.printf(
        "%-16s %s (%s)%s; rules last saved %s%n",
        "iptables watcher",
        t.activeState(),
        t.subState(),
        t.lastTrigger().map(x -> ", last run " + ago(x, now)).orElse(""),
        f.rulesSavedAt().map(x -> ago(x, now)).orElse("never"));
    printFindings(out, f.findings());
    if (!f.logTail().isEmpty()) {
      out.println();
      out.println("Last lines of the log:");
      f.logTail().forEach(l -> out.println("  " + OneLine.of(l)));
    }
    if (!f.unreadable().isEmpty()) {
      out.println();
      out.println("Could not read: " + String.join("; ", f.unreadable()));
    }
  }

  /** What Slips found: a short section, its text already escaped by the readers. */
  private static void printFindings(PrintStream out, SlipsFindings found) {
    if (found.alertsFile().isEmpty() && found.blocked().isEmpty()) {
      return;
    }
    out.println();
    found
        .alertsFile()
        .ifPresent(
            file ->
                out.printf(
                    "%-16s %s%d alert(s), %d evidence since Slips started (%s)%n",
                    "Slips found",
                    found.complete() ? "" : "in the last part read: ",
                    found.alerts(),
                    found.evidence(),
                    file));
    found
        .last()
        .forEach(e -> out.printf("%-16s %s %s: %s%n", "", e.time(), e.source(), e.description()));
    found
        .blocked()
        .ifPresent(
            b ->
                out.printf(
                    "%-16s %s%n",
                    "Slips blocks",
                    b.isEmpty()
                        ? "nothing (its slipsBlocking chain is empty)"
                        : String.join(", ", b)));
  }

  private static Map<String, Object> findings(SlipsFindings found) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("alertsFile", found.alertsFile().orElse(null));
    m.put("alerts", found.alerts());
    m.put("evidence", found.evidence());
    m.put("complete", found.complete());
    // Records serialise as objects of their components: time, source, description.
    m.put("last", found.last());
    m.put("blocked", found.blocked().orElse(null));
    return m;
  }

  public static void printJson(PrintStream out, Facts f, Verdict v) {
    printJson(out, f, v, Map.of());
  }

  /** The same, with {@code more} members at the end (the notifications' own). */
  public static void printJson(PrintStream out, Facts f, Verdict v, Map<String, Object> more) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("protected", v.protectedNow());
    json.put("reason", v.reason());
    json.put("installed", f.installed());
    json.put("service", unit(f.service()));
    json.put("timer", unit(f.timer()));
    f.container()
        .ifPresent(
            c -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("name", c.name());
              m.put("running", c.running());
              m.put("image", c.image());
              m.put("startedAt", time(c.startedAt()));
              m.put("finishedAt", time(c.finishedAt()));
              m.put("exitCode", c.exitCode());
              m.put("oomKilled", c.oomKilled());
              json.put("container", m);
            });
    f.pin()
        .ifPresent(
            p -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("tag", p.image());
              m.put("digest", p.digest());
              m.put("since", p.since().toString());
              m.put("previous", p.previous().orElse(null));
              m.put("trial", p.trial());
              m.put("rolledBack", p.rolledBack().orElse(null));
              json.put("image", m);
            });
    f.protection()
        .runner()
        .ifPresent(
            r -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("state", r.phase().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
              m.put("since", r.since().toString());
              json.put("runner", m);
            });
    json.put(
        "protectingSince",
        f.protection()
            .runner()
            .filter(r -> r.phase() == RunnerStatus.Phase.PROTECTING)
            .map(r -> r.since().toString())
            .orElse(null));
    f.protection()
        .probes()
        .ifPresent(
            p ->
                json.put(
                    "probes",
                    p.checks().stream()
                        .map(
                            c -> {
                              Map<String, Object> m = new LinkedHashMap<>();
                              m.put("name", c.name());
                              m.put("ok", c.ok());
                              m.put("detail", c.detail());
                              return m;
                            })
                        .toList()));
    f.accessPoint()
        .ifPresent(
            a ->
                json.put(
                    "accessPoint", Map.of("running", a.running(), "description", a.description())));
    f.gate()
        .ifPresent(
            g -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("state", g.state().name().toLowerCase(java.util.Locale.ROOT));
              m.put("leaseLeftSeconds", g.leaseLeft().map(Duration::toSeconds).orElse(null));
              m.put("dropped", g.dropped());
              m.put("bridgeLoaded", g.bridgeLoaded());
              m.put("description", g.describe());
              json.put("gate", m);
            });
    json.put("rulesSavedAt", time(f.rulesSavedAt()));
    json.put("slipsFound", findings(f.findings()));
    json.put("logTail", f.logTail());
    json.put("unreadable", f.unreadable());
    json.put("unsafePath", f.unsafePath().orElse(null));
    json.putAll(more);
    try {
      out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings, numbers and lists always serialise", e);
    }
  }

  private static Map<String, Object> unit(Facts.Unit u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", u.name());
    m.put("activeState", u.activeState());
    m.put("subState", u.subState());
    m.put("result", u.result());
    m.put("since", time(u.since()));
    m.put("restarts", u.restarts());
    m.put("lastTrigger", time(u.lastTrigger()));
    return m;
  }

  /** The pinned image in one line: the tag, the digest and since when, what an update left. */
  private static String pinned(ImagePin p, Instant now) {
    return p.image()
        + " pinned as "
        + p.digest()
        + " (since "
        + ago(p.since(), now)
        + ")"
        + (p.trial() ? ", on trial after an update" : "")
        + p.previous().map(d -> "; previous kept: " + d).orElse("")
        + p.rolledBack().map(r -> "; rolled back from " + r).orElse("");
  }

  private static Object time(Optional<Instant> t) {
    return t.map(Instant::toString).orElse(null);
  }

  static String ago(Instant t, Instant now) {
    Duration d = Duration.between(t, now);
    List<String> parts = new ArrayList<>();
    if (d.toDays() > 0) {
      parts.add(d.toDays() + "d");
    }
    if (d.toHoursPart() > 0) {
      parts.add(d.toHoursPart() + "h");
    }
    if (d.toDays() == 0 && d.toMinutesPart() > 0) {
      parts.add(d.toMinutesPart() + "m");
    }
    if (d.toHours() == 0) {
      parts.add(d.toSecondsPart() + "s");
    }
    return WHEN.format(t) + " (" + String.join(" ", parts) + " ago)";
  }
}
