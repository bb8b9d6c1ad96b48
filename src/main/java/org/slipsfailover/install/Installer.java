package org.slipsfailover.install;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.units.HostFile;
import org.slipsfailover.units.Renderer;
import org.slipsfailover.units.TemplateSource;

/**
 * Sets up Slips failover: checks, then plans every file and command as values, then prints them
 * ({@code --dry-run}) or applies them. Applying twice changes nothing the second time.
 */
public final class Installer {
  static final String SLIPS_UNIT = "slips.service";
  static final String TIMER_UNIT = "iptables-watcher.timer";
  static final String NETFILTER_UNIT = "netfilter-persistent.service";
  static final String START_AP_HINT = "sudo create_ap %s %s rpi_wifi mysecurepassword -c 40";

  private final InstallContext ctx;
  private final PrintStream out;

  public Installer(InstallContext ctx) {
    this.ctx = ctx;
    this.out = ctx.out();
  }

  /** Runs the install; returns normally when done, throws {@link InstallException} otherwise. */
  public void install(InstallOptions options) {
    HostRoot root = options.imageRoot().map(HostRoot::of).orElse(ctx.liveRoot());
    Settings settings = options.settings();
    Checked checked = check(options, root);

    List<PlannedFile> files = new FilePlanner(new Renderer(new TemplateSource(root)), ctx.jar().get()).plan(settings);
    FileInstaller installer = new FileInstaller(root);
    Map<PlannedFile, Change> changes = new LinkedHashMap<>();
    for (PlannedFile f : files) {
      changes.put(f, installer.compare(f));
    }
    List<Step> steps = steps(options, root, checked, changes);

    if (options.dryRun()) {
      DryRunReport.print(out, changes, steps);
      return;
    }
    if (checked.createOutputDir()) {
      createDirectory(root.resolve(settings.outputDir().toString()));
      out.println("made   " + settings.outputDir());
    }
    for (Map.Entry<PlannedFile, Change> e : changes.entrySet()) {
      if (e.getValue() != Change.UNCHANGED) {
        installer.write(e.getKey());
      }
      out.println("file   " + e.getKey().path() + " (" + e.getValue().label() + ")");
    }
    for (Step step : steps) {
      apply(step);
    }
    Summary.print(out, settings, options, ctx.commands());
  }

  /** What the checks found that planning needs. */
  private record Checked(boolean createOutputDir, List<String> missingPackages, boolean pullImage) {}

  private Checked check(InstallOptions options, HostRoot root) {
    Settings s = options.settings();
    if (ctx.isRoot().getAsBoolean()) {
      report("root", "running as root");
    } else if (options.dryRun()) {
      report("root", "not root: fine for a dry run; the install itself needs sudo");
    } else {
      throw new InstallException(
          InstallException.NOT_ROOT, "failover must run as root: run  sudo " + commandLine());
    }
    Path slipsDir = root.resolve(s.slipsDir().toString());
    if (!Files.isDirectory(slipsDir)) {
      throw new BadInputException("Slips folder '" + s.slipsDir() + "' does not exist");
    }
    boolean createOutput = !Files.isDirectory(root.resolve(s.outputDir().toString()));
    report("folder", s.slipsDir() + (createOutput ? " (output/ will be created)" : " (output/ exists)"));

    if (options.offline()) {
      report("image tree", root.root() + ": no interface or access point check, nothing started");
      List<String> missing = Packages.missingIn(root);
      report("packages", missing.isEmpty() ? "installed in the image"
          : "missing in the image, install them there: " + String.join(" ", missing));
      return new Checked(createOutput, List.of(), false);
    }

    for (String name : List.of(s.pair().wifi(), s.pair().eth())) {
      if (!Files.isDirectory(root.resolve("/sys/class/net/" + name))) {
        throw new BadInputException("interface '" + name + "' does not exist on this machine");
      }
    }
    report("interfaces", s.pair().wifi() + " and " + s.pair().eth() + " exist");

    Optional<RunningAp> ap = ctx.accessPoints().find(s.pair());
    if (ap.isEmpty()) {
      throw new InstallException(
          InstallException.NO_ACCESS_POINT,
          "no access point is running on " + s.pair() + "; start it first:  "
              + String.format(START_AP_HINT, s.pair().wifi(), s.pair().eth()));
    }
    report("access point", "create_ap pid " + ap.get().pid() + " serves " + s.pair()
        + ap.get().systemdUnit().map(u -> " (" + u + ")").orElse(""));

    List<String> missing = new Packages(ctx.commands()).missing();
    report("packages", missing.isEmpty() ? String.join(", ", Packages.NEEDED) + " installed"
        : "will install " + String.join(" ", missing));

    boolean pull = !imagePresent(s.image(), options.dryRun());
    return new Checked(createOutput, missing, pull);
  }

  private boolean imagePresent(String image, boolean dryRun) {
    try {
      boolean present = engine().imagePresent(image);
      report("image", image + (present ? " present" : " will be pulled"));
      return present;
    } catch (EngineException e) {
      if (!dryRun) {
        throw new InstallException("the Docker engine does not answer (" + e.getMessage()
            + "); is Docker installed and running?  sudo systemctl start docker");
      }
      report("image", "cannot ask the Docker engine: " + e.getMessage());
      return false;
    }
  }

  private List<Step> steps(
      InstallOptions options, HostRoot root, Checked checked, Map<PlannedFile, Change> changes) {
    List<Step> steps = new ArrayList<>();
    if (options.offline()) {
      List<String> enable = new ArrayList<>(List.of("systemctl", "--root=" + root.root(), "enable"));
      if (Files.exists(root.resolve("/lib/systemd/system/" + NETFILTER_UNIT))) {
        enable.add(NETFILTER_UNIT);
      }
      enable.add(SLIPS_UNIT);
      enable.add(TIMER_UNIT);
      steps.add(new Step.Run(enable));
      return steps;
    }
    if (!checked.missingPackages().isEmpty()) {
      steps.add(new Step.InstallPackages(checked.missingPackages()));
    }
    if (anyChanged(changes, HostFile.SLIPS_SERVICE, HostFile.WATCHER_SERVICE, HostFile.WATCHER_TIMER)) {
      steps.add(new Step.Run(List.of("systemctl", "daemon-reload")));
    }
    steps.add(new Step.Run(List.of("systemctl", "enable", "--quiet", NETFILTER_UNIT)));
    // Saves the rules once now, the same way the watcher does on every change.
    steps.add(new Step.Run(List.of(HostFile.WATCHER_SCRIPT)));
    steps.add(new Step.Run(List.of("systemctl", "enable", "--quiet", SLIPS_UNIT, TIMER_UNIT)));
    if (checked.pullImage()) {
      steps.add(new Step.PullImage(options.settings().image()));
    }
    boolean timerChanged = changes.entrySet().stream().anyMatch(
        e -> e.getKey().path().equals(HostFile.WATCHER_TIMER.path()) && e.getValue() == Change.CHANGED);
    steps.add(new Step.Run(List.of("systemctl", timerChanged ? "restart" : "start", TIMER_UNIT)));
    boolean serviceChanged = changes.entrySet().stream().anyMatch(
        e -> e.getValue() == Change.CHANGED && runsInService(e.getKey().path()));
    boolean restart = serviceChanged || options.restart();
    steps.add(new Step.Run(List.of("systemctl", restart ? "restart" : "start", SLIPS_UNIT)));
    return steps;
  }

  /** Files whose change means the running service runs stale code or settings. */
  private static boolean runsInService(String path) {
    return path.equals(HostFile.SLIPS_SERVICE.path())
        || path.equals(HostFile.RUNNER_SCRIPT)
        || path.equals(HostFile.JAR);
  }

  private static boolean anyChanged(Map<PlannedFile, Change> changes, HostFile... units) {
    return changes.entrySet().stream().anyMatch(e -> e.getValue() != Change.UNCHANGED
        && java.util.Arrays.stream(units).anyMatch(u -> u.path().equals(e.getKey().path())));
  }

  private void apply(Step step) {
    out.println("run    " + step.describe());
    if (step instanceof Step.Run run) {
      CommandResult r = ctx.commands().run(run.argv());
      if (!r.ok()) {
        String why = (r.stderr().isBlank() ? r.stdout() : r.stderr()).strip().replace('\n', ' ');
        throw new InstallException(step.describe() + " failed (exit " + r.exitCode() + "): " + why);
      }
    } else if (step instanceof Step.InstallPackages p) {
      new Packages(ctx.commands()).install(p.packages());
    } else if (step instanceof Step.PullImage p) {
      new ImagePull(engine(), out, ctx.terminal()).pull(p.image());
    }
  }

  private SlipsEngine engine() {
    return ctx.engine().get();
  }

  private void report(String what, String result) {
    out.printf("check  %-13s %s%n", what + ":", result);
  }

  private static void createDirectory(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static String commandLine() {
    return ProcessHandle.current().info().commandLine().orElse("java -jar failover.jar ...");
  }
}
