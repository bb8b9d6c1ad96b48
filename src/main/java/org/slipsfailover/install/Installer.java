package org.slipsfailover.install;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HandOver;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;
import org.slipsfailover.units.TemplateSource;

/**
 * Sets up Slips failover: checks, then plans every file and command as values, then prints them
 * ({@code --dry-run}) or applies them. Applying twice changes nothing the second time.
 */
public final class Installer {
  static final String SLIPS_UNIT = HostFile.SLIPS_SERVICE.fileName();
  static final String TIMER_UNIT = HostFile.WATCHER_TIMER.fileName();
  static final String FOLLOW_UNIT = HostFile.WATCHER_FOLLOW.fileName();
  static final String GATE_UNIT = HostFile.GATE_SERVICE.fileName();

  /** What the install enables; uninstall disables the same. */
  static final List<String> ENABLED_UNITS = List.of(SLIPS_UNIT, TIMER_UNIT, FOLLOW_UNIT, GATE_UNIT);

  static final String NETFILTER_UNIT = "netfilter-persistent.service";
  static final String START_AP_HINT = "sudo create_ap %s %s rpi_wifi mysecurepassword -c 40";

  private final Machine ctx;
  private final PrintStream out;

  /** Checks that failed in a dry run, which goes on to print the whole plan anyway. */
  private final List<RuntimeException> failedChecks = new ArrayList<>();

  public Installer(Machine ctx) {
    this.ctx = ctx;
    this.out = ctx.out();
  }

  /** Runs the install; returns normally when done, throws {@link InstallException} otherwise. */
  public void install(InstallOptions options) {
    HostRoot root = options.imageRoot().map(HostRoot::of).orElse(ctx.liveRoot());
    Settings settings = options.settings();
    Checked checked = check(options, root);

    List<PlannedFile> files =
        new FilePlanner(new Renderer(new TemplateSource(root)), ctx.jar().get()).plan(settings);
    FileInstaller installer = new FileInstaller(root);
    Map<PlannedFile, Change> changes = new LinkedHashMap<>();
    for (PlannedFile f : files) {
      changes.put(f, installer.compare(f));
    }
    List<Step> steps = steps(options, root, checked, changes);

    if (options.dryRun()) {
      DryRunReport.print(out, changes, steps);
      throwFailedChecks();
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

  /** What the checks found that planning needs. */
  private record Checked(
      boolean createOutputDir,
      List<String> missingPackages,
      boolean pullImage,
      Restorer restorer) {}

  /**
   * netfilter-persistent, which restores the saved rules at boot; the watcher saves only after it.
   */
  private enum Restorer {
    ACTIVE,
    TO_START,
    /** Inactive with saved files: starting it would flush the live firewall; the next boot will. */
    INACTIVE
  }

  private Checked check(InstallOptions options, HostRoot root) {
    Settings s = options.settings();
    if (ctx.isRoot().getAsBoolean()) {
      report("root", "running as root");
    } else if (options.dryRun()) {
      report("root", "not root: fine for a dry run; the install itself needs sudo");
    } else {
      throw new InstallException(
          ExitCode.NOT_ROOT, "failover must run as root: run  sudo " + commandLine());
    }
    Path slipsDir = root.resolve(s.slipsDir().toString());
    boolean createOutput = !Files.isDirectory(root.resolve(s.outputDir().toString()));
    if (Files.isDirectory(slipsDir)) {
      report(
          "folder",
          s.slipsDir()
              + " ("
              + SlipsFolderNames.OUTPUT
              + (createOutput ? "/ will be created)" : "/ exists)"));
      checkSlipsFolderSafe(options, slipsDir);
    } else {
      failed(
          options,
          "folder",
          new BadInputException(
              "Slips folder '"
                  + s.slipsDir()
                  + "' does not exist"
                  + (options.offline() ? " in the image tree " + root.root() : "")));
    }

    if (options.offline()) {
      report("image tree", root.root() + ": no interface or access point check, nothing started");
      List<String> missing = Packages.missingIn(root);
      report(
          "packages",
          missing.isEmpty()
              ? "installed in the image"
              : "missing in the image, install them there: " + String.join(" ", missing));
      return new Checked(createOutput, List.of(), false, Restorer.INACTIVE);
    }

    int failedBefore = failedChecks.size();
    for (String name : List.of(s.pair().wifi(), s.pair().eth())) {
      if (!Files.isDirectory(root.resolve("/sys/class/net/" + name))) {
        failed(
            options,
            "interfaces",
            new BadInputException("interface '" + name + "' does not exist on this machine"));
      }
    }
    if (failedChecks.size() == failedBefore) {
      report("interfaces", s.pair().wifi() + " and " + s.pair().eth() + " exist");
    }

    Optional<RunningAp> ap = ctx.accessPoints().find(s.pair());
    if (ap.isPresent()) {
      report(
          "access point",
          "create_ap pid "
              + ap.get().pid()
              + " serves "
              + s.pair()
              + ap.get().systemdUnit().map(u -> " (" + u + ")").orElse(""));
    } else if (options.rerun()) {
      report(
          "access point",
          "none running on " + s.pair() + " (a re-run of the saved install: going on)");
    } else {
      failed(
          options,
          "access point",
          new InstallException(
              ExitCode.NO_ACCESS_POINT,
              "no access point is running on "
                  + s.pair()
                  + "; start it first:  "
                  + String.format(START_AP_HINT, s.pair().wifi(), s.pair().eth())));
    }

    List<String> missing = new Packages(ctx.commands()).missing();
    report(
        "packages",
        missing.isEmpty()
            ? String.join(", ", Packages.NEEDED) + " installed"
            : "will install " + String.join(" ", missing));

    boolean pull = !imagePresent(s.image(), options.dryRun());
    return new Checked(createOutput, missing, pull, restorer(root, missing.isEmpty()));
  }

  /**
   * The watcher saves only while netfilter-persistent is active (it must never save before the
   * boot-time restore). Starting it restores the saved files, which flushes the live filter table
   * (Docker's and create_ap's rules with it), so it is started here only when there is nothing to
   * restore; otherwise the next boot activates it.
   */
  private Restorer restorer(HostRoot root, boolean installed) {
    if (installed && ctx.commands().run("systemctl", "is-active", "--quiet", NETFILTER_UNIT).ok()) {
      report("restore", NETFILTER_UNIT + " is active");
      return Restorer.ACTIVE;
    }
    boolean savedFiles =
        Files.exists(root.resolve("/etc/iptables/rules.v4"))
            || Files.exists(root.resolve("/etc/iptables/rules.v6"));
    if (savedFiles) {
      report(
          "restore",
          NETFILTER_UNIT
              + " is not active and rules are saved: rules are saved"
              + " again only after a reboot (starting it now would flush the live firewall)");
      return Restorer.INACTIVE;
    }
    report("restore", NETFILTER_UNIT + " will be started (nothing saved yet to restore)");
    return Restorer.TO_START;
  }

  private boolean imagePresent(String image, boolean dryRun) {
    try {
      boolean present = engine().imagePresent(image);
      report("image", image + (present ? " present" : " will be pulled"));
      return present;
    } catch (EngineException e) {
      if (!dryRun) {
        throw new InstallException(
            ExitCode.DOCKER_UNREACHABLE,
            "the Docker engine does not answer ("
                + e.getMessage()
                + "); is Docker installed and running?  sudo systemctl start docker");
      }
      report("image", "cannot ask the Docker engine: " + e.getMessage());
      return false;
    }
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
    }
  }

  private SlipsEngine engine() {
    return ctx.engine().get();
  }

  /** Stops the install; a dry run marks the check and goes on, to show the whole plan. */
  /**
   * Root must not follow a link planted in the Slips folder, nor use a folder others can change.
   */
  private void checkSlipsFolderSafe(InstallOptions options, Path slipsDir) {
    try {
      SlipsFolder.problem(slipsDir)
          .ifPresent(
              why -> failed(options, "folder", new UnsafePathException("unsafe path: " + why)));
    } catch (PathUnreadableException e) {
      if (!options.dryRun()) {
        throw new UnsafePathException(e.getMessage());
      }
      report(
          "folder",
          "not checked as this user (" + e.getMessage() + "); the install checks it as root");
    }
  }

  private void failed(InstallOptions options, String what, RuntimeException why) {
    if (!options.dryRun()) {
      throw why;
    }
    failedChecks.add(why);
    report(what, "FAILED: " + why.getMessage());
  }

  /**
   * After the plan of a dry run: its failed checks, in one line, with the first one's exit code.
   */
  private void throwFailedChecks() {
    if (failedChecks.isEmpty()) {
      return;
    }
    RuntimeException first = failedChecks.get(0);
    String message =
        "the install would stop: "
            + failedChecks.stream()
                .map(RuntimeException::getMessage)
                .collect(java.util.stream.Collectors.joining("; "));
    throw first instanceof InstallException ie
        ? new InstallException(ie.exitCode(), message)
        : new BadInputException(message);
  }

  private void report(String what, String result) {
    out.printf("check  %-13s %s%n", what + ":", result);
  }

  private static String commandLine() {
    return ProcessHandle.current().info().commandLine().orElse("java -jar failover.jar ...");
  }
}
