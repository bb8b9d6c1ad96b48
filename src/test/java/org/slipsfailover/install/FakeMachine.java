package org.slipsfailover.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slipsfailover.TestSettings;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.ap.CutOutcome;
import org.slipsfailover.ap.RunningAp;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.FakeImages;
import org.slipsfailover.docker.PullOnlyEngine;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;

/**
 * A machine in a temporary folder: interfaces under sys/class/net, a Slips folder, and small fakes
 * behind our own seams that record what the install asked of them.
 */
public final class FakeMachine {
  public static final String SLIPS_DIR = "/home/pi/StratosphereLinuxIPS";

  public final Path root;
  public final List<List<String>> commands = new ArrayList<>();
  public final List<String> pulls = new ArrayList<>();
  public boolean root_ = true;
  public boolean apRunning = true;
  public boolean packagesInstalled = true;
  public boolean aptInstallWorks = true;
  public boolean imagePresent = true;
  public final FakeImages images = new FakeImages();
  public boolean restorerActive = true;
  public boolean pullFails;

  /** Debian's apprise: installed, and its dry run refusing any URL with "bogus" in it. */
  public boolean appriseInstalled = true;

  /** A real engine instead of the fake one (FirstPullIT); null: the fake. */
  public SlipsEngine engine;

  /** Where the install prints; null: {@link #output}. */
  public PrintStream out;

  public boolean terminal;
  public final ByteArrayOutputStream output = new ByteArrayOutputStream();
  public byte[] jar = "pretend this is failover.jar".getBytes();

  public FakeMachine(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("sys/class/net/wlan0"));
    Files.createDirectories(root.resolve("sys/class/net/eth0"));
    Files.createDirectories(root.resolve(SLIPS_DIR.substring(1)));
  }

  public Machine context() {
    return new Machine(
        HostRoot.of(root),
        new Commands() {
          @Override
          public CommandResult run(List<String> argv) {
            return FakeMachine.this.run(argv);
          }

          @Override
          public CommandResult run(List<String> argv, String stdin) {
            return FakeMachine.this.run(argv);
          }
        },
        new FakeAccessPoints(),
        engine != null ? () -> engine : FakeEngine::new,
        () -> root_,
        () -> jar,
        out != null ? out : new PrintStream(output, true),
        terminal,
        () -> images);
  }

  /** The settings most tests install: the defaults, with Slips in {@link #SLIPS_DIR}. */
  public static Settings defaults() {
    return TestSettings.defaults(Path.of(SLIPS_DIR));
  }

  /** Runs the real installer on this machine. */
  public void install(InstallOptions options) {
    new Installer(context()).install(options);
  }

  public String output() {
    return output.toString();
  }

  public List<String> commandLines() {
    return commands.stream().map(c -> String.join(" ", c)).toList();
  }

  private CommandResult run(List<String> argv) {
    commands.add(argv);
    if (argv.get(0).equals("dpkg-query")) {
      return packagesInstalled
          ? new CommandResult(0, "install ok installed", "")
          : new CommandResult(1, "", "dpkg-query: no packages found matching " + argv.get(3));
    }
    if (argv.equals(List.of("systemctl", "is-active", "--quiet", "netfilter-persistent.service"))) {
      return new CommandResult(restorerActive ? 0 : 3, "", "");
    }
    if (argv.get(0).equals("apprise")) {
      return apprise(argv);
    }
    if (argv.get(0).equals("apt-get") && argv.get(1).equals("install") && !aptInstallWorks) {
      return new CommandResult(100, "", "E: Unable to locate package iptables-persistent");
    }
    return new CommandResult(0, "", "");
  }

  /**
   * As apprise 1.2 answers: a dry run lists the URLs it loaded (" 1. ..."), exit 0 even when none.
   */
  private CommandResult apprise(List<String> argv) {
    if (!appriseInstalled) {
      return new CommandResult(127, "", "apprise: not found");
    }
    if (!argv.contains("--dry-run")) {
      return new CommandResult(0, "", "");
    }
    try {
      String config = Files.readString(Path.of(argv.get(argv.indexOf("--config") + 1)));
      return config.contains("bogus")
          ? new CommandResult(0, "", "ERROR - Unparseable URL " + config.strip())
          : new CommandResult(0, "  1. " + config.strip(), "");
    } catch (IOException e) {
      return new CommandResult(1, "", e.toString());
    }
  }

  /** Every file under the root with its bytes, mode and modification time. */
  public Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          files.put(key, "-> " + Files.readSymbolicLink(p));
        } else if (Files.isRegularFile(p)) {
          files.put(
              key,
              Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1)
                  + " "
                  + Files.getPosixFilePermissions(p)
                  + " "
                  + Files.getLastModifiedTime(p).toMillis()
                  + " "
                  + Files.getAttribute(p, "unix:ino"));
        } else {
          files.put(key, "dir");
        }
      }
    }
    return files;
  }

  private final class FakeAccessPoints implements AccessPoints {
    @Override
    public Optional<RunningAp> find(InterfacePair pair) {
      return apRunning
          ? Optional.of(
              new RunningAp(
                  4242, Instant.EPOCH, List.of("create_ap"), Optional.empty(), Optional.empty()))
          : Optional.empty();
    }

    @Override
    public CutOutcome cut(InterfacePair pair) {
      throw new AssertionError("the install never cuts the access point");
    }
  }

  private final class FakeEngine extends PullOnlyEngine {
    FakeEngine() {
      super("install");
    }

    @Override
    public boolean imagePresent(String image) {
      return imagePresent;
    }

    @Override
    public void pull(String image, Consumer<PullProgress> progress) {
      pulls.add(image);
      commands.add(List.of("(pull)", image));
      progress.accept(new PullProgress("Downloading", 10, 100));
      if (pullFails) {
        throw new org.slipsfailover.docker.EngineException(
            "pull " + image + ": Get \"http://registry/v2/\": connection refused", null);
      }
      progress.accept(new PullProgress("Pull complete", 100, 100));
    }

    @Override
    public Optional<org.slipsfailover.docker.ContainerState> inspect(String name) {
      // The install's last line reads the container as status does: none here.
      return Optional.empty();
    }
  }
}
