package org.slipsfailover.install;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.Settings;
import org.slipsfailover.config.SlipsFolderNames;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.PathUnreadableException;
import org.slipsfailover.host.SlipsFolder;
import org.slipsfailover.host.UnsafePathException;

/**
 * The install's checks of the machine, each printed as one {@code check} line. A failed check stops
 * the install; in a dry run it is marked and the checks go on, so the whole plan is shown, and
 * {@link #throwFailedChecks} stops afterwards.
 */
final class InstallChecks {
  static final String START_AP_HINT = "sudo create_ap %s %s rpi_wifi mysecurepassword -c 40";

  /** What the checks found that planning needs. */
  record Checked(
      boolean createOutputDir,
      List<String> missingPackages,
      boolean pullImage,
      Restorer restorer) {}

  /**
   * netfilter-persistent, which restores the saved rules at boot; the watcher saves only after it.
   */
  enum Restorer {
    ACTIVE,
    TO_START,
    /** Inactive with saved files: starting it would flush the live firewall; the next boot will. */
    INACTIVE
  }

  private final Machine ctx;
  private final PrintStream out;

  /** Checks that failed in a dry run, which goes on to print the whole plan anyway. */
  private final List<RuntimeException> failedChecks = new ArrayList<>();

  InstallChecks(Machine ctx) {
    this.ctx = ctx;
    this.out = ctx.out();
  }

  Checked check(InstallOptions options, HostRoot root) {
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
    String unit = Installer.NETFILTER_UNIT;
    if (installed && ctx.commands().run("systemctl", "is-active", "--quiet", unit).ok()) {
      report("restore", unit + " is active");
      return Restorer.ACTIVE;
    }
    boolean savedFiles =
        Files.exists(root.resolve("/etc/iptables/rules.v4"))
            || Files.exists(root.resolve("/etc/iptables/rules.v6"));
    if (savedFiles) {
      report(
          "restore",
          unit
              + " is not active and rules are saved: rules are saved"
              + " again only after a reboot (starting it now would flush the live firewall)");
      return Restorer.INACTIVE;
    }
    report("restore", unit + " will be started (nothing saved yet to restore)");
    return Restorer.TO_START;
  }

  private boolean imagePresent(String image, boolean dryRun) {
    try {
      boolean present = ctx.engine().get().imagePresent(image);
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

  /** Stops the install; a dry run marks the check and goes on, to show the whole plan. */
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
  void throwFailedChecks() {
    if (failedChecks.isEmpty()) {
      return;
    }
    RuntimeException first = failedChecks.get(0);
    String message =
        "the install would stop: "
            + failedChecks.stream()
                .map(RuntimeException::getMessage)
                .collect(Collectors.joining("; "));
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
