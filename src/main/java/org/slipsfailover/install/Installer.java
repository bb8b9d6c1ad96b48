package org.slipsfailover.install;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slipsfailover.config.AutoUpdate;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.install.InstallChecks.Checked;
import org.slipsfailover.install.InstallChecks.Restorer;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;
import org.slipsfailover.units.TemplateSource;

/**
 * Sets up Slips failover: checks ({@link InstallChecks}), then plans every file and command as
 * values, then prints them ({@code --dry-run}) or applies them. Applying twice changes nothing the
 * second time.
 */
public final class Installer {
  static final String SLIPS_UNIT = HostFile.SLIPS_SERVICE.fileName();
  static final String TIMER_UNIT = HostFile.WATCHER_TIMER.fileName();
  static final String FOLLOW_UNIT = HostFile.WATCHER_FOLLOW.fileName();
  static final String GATE_UNIT = HostFile.GATE_SERVICE.fileName();

  /** What the install enables; uninstall disables the same. */
  static final List<String> ENABLED_UNITS = List.of(SLIPS_UNIT, TIMER_UNIT, FOLLOW_UNIT, GATE_UNIT);

  static final String NETFILTER_UNIT = "netfilter-persistent.service";

  private final Machine ctx;
  private final PrintStream out;
  private final InstallChecks checks;

  public Installer(Machine ctx) {
    this.ctx = ctx;
    this.out = ctx.out();
    this.checks = new InstallChecks(ctx);
  }

  /** Runs the install; returns normally when done, throws {@link InstallException} otherwise. */
  public void install(InstallOptions options) {
    HostRoot root = options.imageRoot().map(HostRoot::of).orElse(ctx.liveRoot());
    Settings settings = options.settings();
    Checked checked = checks.check(options, root);
    AutoUpdate autoUpdate = options.autoUpdate().orElseGet(() -> AutoUpdateUnits.installed(root));

    List<PlannedFile> files =
        new FilePlanner(new Renderer(new TemplateSource(root)), ctx.jar().get())
            .plan(settings, autoUpdate);
    FileInstaller installer = new FileInstaller(root);
    Map<PlannedFile, Change> changes = new LinkedHashMap<>();
    for (PlannedFile f : files) {
      changes.put(f, installer.compare(f));
    }
    List<Step> steps = steps(options, root, checked, changes);
    steps.addAll(AutoUpdateUnits.steps(autoUpdate, root, options.offline(), changes));

    if (options.dryRun()) {
      DryRunReport.print(out, changes, steps);
      checks.throwFailedChecks();
      return;
    }
    // The pull, the longest wait, comes before anything is written or started: interrupted or
    // failed, it leaves the machine as it was, and the next install goes on from the layers the
    // engine already has.
    for (Step step : steps) {
      if (step instanceof Step.PullImage) {
        apply(step);
      }
    }
    if (!options.offline()) {
      new ImagePinning(ctx.images(), ImagePinFile.at(root), Clock.systemUTC(), out)
          .pin(settings.image());
    }
    if (checked.createOutputDir()) {
      SlipsFolder.prepare(root.resolve(settings.outputDir().toString()).getParent());
      out.println("made   " + settings.outputDir());
    }
    for (Map.Entry<PlannedFile, Change> e : changes.entrySet()) {
      if (e.getValue() != Change.UNCHANGED) {
        installer.write(e.getKey());
      }
      out.println("file   " + e.getKey().path() + " (" + e.getValue().label() + ")");
    }
    for (Step step : steps) {
      if (!(step instanceof Step.PullImage)) {
        apply(step);
      }
    }
    Summary.print(out, settings, options);
  }

  private List<Step> steps(
      InstallOptions options, HostRoot root, Checked checked, Map<PlannedFile, Change> changes) {
    List<Step> steps = new ArrayList<>();
    if (checked.pullImage()) {
      // First, before any file is written (see install()).
      steps.add(new Step.PullImage(options.settings().image()));
    }
    if (options.offline()) {
      List<String> enable =
          new ArrayList<>(List.of("systemctl", "--root=" + root.root(), "enable"));
      if (Files.exists(root.resolve("/lib/systemd/system/" + NETFILTER_UNIT))) {
        enable.add(NETFILTER_UNIT);
      }
      enable.addAll(ENABLED_UNITS);
      steps.add(new Step.Run(enable));
      return steps;
    }
    if (!checked.missingPackages().isEmpty()) {
      steps.add(new Step.InstallPackages(checked.missingPackages()));
    }
    if (changes.entrySet().stream()
        .anyMatch(
            e ->
                e.getKey().path().startsWith(HostFile.UNIT_DIR)
                    && e.getValue() != Change.UNCHANGED)) {
      steps.add(new Step.Run(List.of("systemctl", "daemon-reload")));
    }
    steps.add(new Step.Run(List.of("systemctl", "enable", "--quiet", NETFILTER_UNIT)));
    if (checked.restorer() == Restorer.TO_START) {
      steps.add(new Step.Run(List.of("systemctl", "start", NETFILTER_UNIT)));
    }
    boolean restorerActive = checked.restorer() != Restorer.INACTIVE;
    if (restorerActive) {
      // Saves the rules once now, the same way the watcher does on every change.
      steps.add(new Step.Run(List.of(HostFile.WATCHER_SCRIPT)));
    }
    List<String> enable = new ArrayList<>(List.of("systemctl", "enable", "--quiet"));
    enable.addAll(ENABLED_UNITS);
    steps.add(new Step.Run(enable));
    steps.add(
        startOrRestart(HostFile.WATCHER_TIMER, changed(changes, HostFile.WATCHER_TIMER.path())));
    if (restorerActive) {
      // Requisite=netfilter-persistent: starting it with the restorer inactive would fail.
      boolean followChanged =
          changed(changes, HostFile.WATCHER_FOLLOW.path())
              || changed(changes, HostFile.WATCHER_SCRIPT);
      steps.add(startOrRestart(HostFile.WATCHER_FOLLOW, followChanged));
    }
    // The gate, closed, before Slips: loaded now as at every boot. A running runner renews it
    // within a probe interval; a changed ruleset is loaded afresh (closed until the next probe).
    steps.add(
        startOrRestart(
            HostFile.GATE_SERVICE,
            changed(changes, HostFile.GATE_SERVICE.path())
                || changed(changes, HostFile.GATE_RULESET_PATH)));
    if (changed(changes, HostFile.JAR) || !Files.exists(root.resolve(HostFile.CLASS_ARCHIVE))) {
      steps.add(classArchive());
    }
    boolean serviceChanged =
        changes.keySet().stream()
            .anyMatch(f -> runsInService(f.path()) && changed(changes, f.path()));
    // Only the jar changed (a package upgrade, same settings): the running Slips is what the new
    // runner would start, so it is handed over instead of cut and started again.
    boolean onlyJarChanged =
        changed(changes, HostFile.JAR)
            && !changed(changes, HostFile.SLIPS_SERVICE.path())
            && !changed(changes, HostFile.RUNNER_SCRIPT);
    if (onlyJarChanged && !options.restart()) {
      steps.add(new Step.MarkHandOver(HandOver.PATH));
    }
    steps.add(startOrRestart(HostFile.SLIPS_SERVICE, serviceChanged || options.restart()));
    return steps;
  }

  /** Made before slips.service starts, so that the runner's first start uses it too. */
  static Step.MakeClassArchive classArchive() {
    return new Step.MakeClassArchive(HostFile.JAR, HostFile.CLASS_ARCHIVE);
  }

  /** A new file is started; a changed one restarted, since the running unit runs the old one. */
  private static Step startOrRestart(HostFile unit, boolean restart) {
    return new Step.Run(List.of("systemctl", restart ? "restart" : "start", unit.fileName()));
  }

  /** Rewritten over an older version (a new file needs no restart, only a start). */
  private static boolean changed(Map<PlannedFile, Change> changes, String path) {
    return changes.entrySet().stream()
        .anyMatch(e -> e.getKey().path().equals(path) && e.getValue() == Change.CHANGED);
  }

  /** Files whose change means the running service runs stale code or settings. */
  private static boolean runsInService(String path) {
    return path.equals(HostFile.SLIPS_SERVICE.path())
        || path.equals(HostFile.RUNNER_SCRIPT)
        || path.equals(HostFile.JAR);
  }

  private void apply(Step step) {
    out.println("run    " + step.describe());
    if (step instanceof Step.Run run) {
      CommandResult r = ctx.commands().run(run.argv());
      if (!r.ok()) {
        throw new InstallException(step.describe() + " failed: " + r.failure());
      }
    } else if (step instanceof Step.InstallPackages p) {
      new Packages(ctx.commands()).install(p.packages());
    } else if (step instanceof Step.MakeClassArchive a) {
      if (!new ClassArchive(ctx.commands()).make(a.jar(), ctx.liveRoot().resolve(a.archive()))) {
        out.println(
            "       (no start-up archive was made: commands start without it, a little slower)");
      }
    } else if (step instanceof Step.MarkHandOver) {
      HandOver.at(ctx.liveRoot(), java.time.Clock.systemUTC()).mark();
    } else if (step instanceof Step.PullImage p) {
      new ImagePull(engine(), out, ctx.terminal()).pull(p.image());
    } else if (step instanceof Step.RemoveFiles r) {
      AutoUpdateUnits.remove(r.files());
    }
  }

  private SlipsEngine engine() {
    return ctx.engine().get();
  }
}
