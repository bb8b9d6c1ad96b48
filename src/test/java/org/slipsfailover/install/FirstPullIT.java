package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.testing.SmallJvm;

/**
 * The install's first pull, for real: Debian's registry on 127.0.0.1, an image with a small and a
 * large layer pushed to it, the real Docker engine pulling it through docker-java, behind a relay
 * that paces the bytes as a Pi's Wi-Fi would. The relay holds the large layer part-way until the
 * test releases it ({@link ThrottledProxy#hold}): whatever the test does "mid-pull" (an interrupt,
 * a registry killed or frozen, a look at the bar) happens mid-pull on any machine. The install
 * ({@link PullingInstall}: the product's install on a fake machine in a folder, with the real
 * engine) runs as its own process, on a terminal (tmux) or not.
 */
class FirstPullIT {
  /** The large layer: random, so that compression cannot shrink it. */
  private static final int BIG_MB = 96;

  private static final long PACE_BYTES_PER_SECOND = 12L << 20;

  /** Bounds that catch a hang, not a slow machine: the whole pull takes about 10 s here. */
  private static final Duration PULL_LIMIT = Duration.ofMinutes(4);

  @TempDir static Path shared;
  @TempDir Path tmp;

  static final DockerCli docker = DockerCli.local();
  static final String suffix = UUID.randomUUID().toString().substring(0, 8);
  static final String repo = "slips-pull-" + suffix;
  static LocalRegistry registry;
  static ThrottledProxy proxy;
  static String image;
  static String pushed;
  static String base;
  static String baseDigest;
  static String bigDigest;

  @BeforeAll
  static void registryWithAnImage() throws Exception {
    assertThat(Path.of(LocalRegistry.BINARY))
        .as("bash .ci/setup-machine installs docker-registry")
        .exists();
    registry = new LocalRegistry(shared.resolve("registry"));
    proxy = new ThrottledProxy(registry.port(), PACE_BYTES_PER_SECOND);
    pushed = registry.host() + "/" + repo + ":test";
    base = registry.host() + "/" + repo + ":base";
    // The base layer: busybox and a small random file (unique, so that the engine has no layer of
    // it before the test). The big layer: random bytes, made inside a container and committed.
    Path tree = Files.createDirectories(shared.resolve("tree/bin"));
    Files.copy(Path.of("/bin/busybox"), tree.resolve("busybox"));
    Files.write(shared.resolve("tree/small"), randomBytes(4 << 20));
    exec(
        List.of(
            "sh",
            "-c",
            "tar -C "
                + shared.resolve("tree")
                + " -c . | docker import"
                + " --change 'CMD [\"/bin/busybox\", \"true\"]' - "
                + base),
        true);
    String maker = "slips-pull-maker-" + suffix;
    docker.run(
        "run",
        "--name",
        maker,
        "--network",
        "none",
        "--entrypoint",
        "/bin/busybox",
        base,
        "sh",
        "-c",
        "head -c " + (BIG_MB << 20) + " /dev/urandom > /big");
    docker.run("commit", maker, pushed);
    docker.run("rm", maker);
    docker.run("push", pushed);
    // The engine keeps nothing of it: the pull below fetches every layer.
    docker.run("image", "rm", pushed, base);
    image = proxy.host() + "/" + repo + ":test";
    List<String> layers = registry.layerDigests(repo, "test");
    assertThat(layers).hasSize(2);
    baseDigest = layers.get(0);
    bigDigest = layers.get(1);
  }

  @AfterAll
  static void removeEverything() throws Exception {
    // Whatever @BeforeAll got to before a failure: every tag it may have made, then the processes.
    try {
      for (String tag : new String[] {image, pushed, base}) {
        if (tag != null) {
          docker.quietly("image", "rm", "-f", tag);
        }
      }
      docker.quietly("rm", "-f", "slips-pull-maker-" + suffix);
    } finally {
      if (proxy != null) {
        proxy.close();
      }
      if (registry != null) {
        registry.close();
      }
    }
  }

  @BeforeEach
  void imageNotHereAndTheLargeLayerHeld() {
    docker.quietly("image", "rm", "-f", image);
    proxy.hold(bigDigest);
  }

  @AfterEach
  void largeLayerReleased() {
    proxy.release();
  }

  @Test
  void withoutATerminalPlainLinesAndAnInterruptedInstallLeavesNothingAndRunsAgain()
      throws Exception {
    Path root = tmp.resolve("pi");
    new FakeMachine(root);
    Map<String, String> before = new FakeMachine(root).snapshot();
    long baseGets = registry.blobGets(baseDigest);
    long bigGets = registry.blobGets(bigDigest);

    // The owner presses Ctrl-C once the first layer is in, the large one part-way (held).
    Install first = Install.start(root, image);
    first.awaitLine(l -> l.equals("pull   Pull complete"));
    first.signal("INT");
    int code = first.awaitExit();
    proxy.release();
    assertThat(code).as(first.text()).isNotZero();
    assertThat(first.text()).doesNotContain("\r").contains("pull   Downloading");
    assertThat(first.lines()).allMatch(l -> l.matches("(check|run|pull)  +.*"), "plain lines");
    assertThat(new FakeMachine(root).snapshot()).as("nothing written").isEqualTo(before);
    assertThat(imagePresent()).isFalse();

    // The next install pulls and finishes. Docker 20.10's image store (Debian's docker.io) keeps
    // no layer of an interrupted pull: the layer that was in is fetched again (the containerd
    // image store keeps it). The figures say which this engine did.
    Install again = Install.start(root, image);
    assertThat(again.awaitExit()).as(again.text()).isZero();
    assertThat(again.lines()).contains("pulled " + image);
    System.out.printf(
        "FirstPullIT: after an interrupted install, the next one fetched the first layer %d"
            + " more time(s) (%s), the large one %d%n",
        registry.blobGets(baseDigest) - baseGets - 1,
        again.lines().contains("pull   Already exists") ? "Already exists" : "fetched again",
        registry.blobGets(bigDigest) - bigGets - 1);
    assertThat(root.resolve("etc/systemd/system/slips.service")).exists();
    assertThat(imagePresent()).isTrue();
  }

  @Test
  void onATerminalABar() throws Exception {
    Path root = tmp.resolve("pi");
    new FakeMachine(root);
    String session = "slips-pull-" + suffix;
    Path script = tmp.resolve("install.sh");
    Files.writeString(
        script, String.join(" ", Install.argv(root, image)) + "\necho \"exit=$?\"\nsleep 600\n");
    exec(
        List.of(
            "tmux", "new-session", "-d", "-s", session, "-x", "110", "-y", "60", "bash " + script),
        true);
    try {
      Pattern bar = Pattern.compile("\\[(#*) *\\] +(\\d+)% (\\d+)/(\\d+) MB");
      // The large layer is held part-way: the bar stays between 0 and 100 % until released.
      String midway =
          awaitScreen(
              session,
              s -> {
                Matcher m = bar.matcher(s);
                return m.find()
                    && Integer.parseInt(m.group(2)) > 0
                    && Integer.parseInt(m.group(2)) < 100;
              });
      proxy.release();
      String end = awaitScreen(session, s -> s.contains("exit="));
      System.out.println(
          "FirstPullIT: the screen mid-pull:\n" + midway.strip() + "\nat the end:\n" + end.strip());
      assertThat(midway).doesNotContain("pull   ");
      assertThat(end).contains("pulled " + image, "exit=0").containsPattern("\\[#{30}\\] 100% ");
      assertThat(end.lines().filter(l -> bar.matcher(l).find()).count())
          .as("one bar, redrawn in place")
          .isEqualTo(1);
    } finally {
      exec(List.of("tmux", "kill-session", "-t", session), false);
    }
  }

  @Test
  void aRegistryThatStopsAnsweringMidPullIsOneLineAndNothingHalfInstalled() throws Exception {
    Path root = tmp.resolve("pi");
    new FakeMachine(root);
    Map<String, String> before = new FakeMachine(root).snapshot();
    Install first = Install.start(root, image);
    first.awaitLine(l -> l.equals("pull   Downloading"));
    Instant killed = Instant.now();
    registry.kill();
    proxy.release(); // what the relay still has passes, then the connection ends mid-layer
    int code;
    try {
      code = first.awaitExit();
    } finally {
      registry.start();
    }
    System.out.printf(
        "FirstPullIT: the install gave up %d s after the registry was killed%n",
        Duration.between(killed, Instant.now()).toSeconds());
    assertThat(code).as(first.text()).isEqualTo(1);
    String last = first.lines().get(first.lines().size() - 1);
    assertThat(last).startsWith("failover: cannot pull " + image + " and it is not here already: ");
    assertThat(first.text()).doesNotContain("Exception", "\tat ");
    assertThat(new FakeMachine(root).snapshot()).as("nothing written").isEqualTo(before);
    assertThat(imagePresent()).isFalse();

    Install again = Install.start(root, image);
    assertThat(again.awaitExit()).as(again.text()).isZero();
    assertThat(again.lines()).contains("pulled " + image);
    assertThat(root.resolve("etc/systemd/system/slips.service")).exists();
  }

  /** Runs a command; returns its stdout, or throws with its output when {@code check}. */
  static String exec(List<String> argv, boolean check) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(argv)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    if (check && code != 0) {
      throw new IllegalStateException(argv + " failed (" + code + "): " + out);
    }
    return out;
  }

  @Test
  void aRegistryThatHangsMidPullIsGivenUpAfterTheStallLimit() throws Exception {
    Path root = tmp.resolve("pi");
    new FakeMachine(root);
    Map<String, String> before = new FakeMachine(root).snapshot();
    Install first = Install.start(root, image, "5");
    first.awaitLine(l -> l.equals("pull   Pull complete"));
    registry.signal("STOP"); // connections stay open; nothing more comes
    proxy.release(); // what the relay still has passes, then nothing
    int code;
    try {
      code = first.awaitExit();
    } finally {
      registry.signal("CONT");
    }
    assertThat(code).as(first.text()).isEqualTo(1);
    assertThat(first.lines().get(first.lines().size() - 1))
        .isEqualTo(
            "failover: cannot pull "
                + image
                + " and it is not here already: pull of "
                + image
                + ": no progress for 5 s (the registry stopped answering); given up");
    assertThat(new FakeMachine(root).snapshot()).as("nothing written").isEqualTo(before);

    Install again = Install.start(root, image);
    assertThat(again.awaitExit()).as(again.text()).isZero();
    assertThat(again.lines()).contains("pulled " + image);
  }

  @Test
  void aRegistryBackWithinTheEnginesRetriesIsResumedWhereThePullWas() throws Exception {
    Path root = tmp.resolve("pi");
    new FakeMachine(root);
    long partials = registry.partialBlobGets(bigDigest);
    Install install = Install.start(root, image);
    install.awaitLine(l -> l.equals("pull   Pull complete"));
    // Wi-Fi gone for a moment, while the large layer is part-way: the registry is back before the
    // relay lets the rest of what it had go and the connection end, so the engine's retry finds it.
    registry.kill();
    registry.start();
    proxy.release();
    assertThat(install.awaitExit()).as(install.text()).isZero();
    assertThat(install.lines()).contains("pulled " + image);
    assertThat(registry.partialBlobGets(bigDigest) - partials)
        .as("the large layer asked again from where it stopped (206 Partial Content)")
        .isPositive();
  }

  private static boolean imagePresent() {
    try {
      docker.run("image", "inspect", image);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static String awaitScreen(String session, Predicate<String> done) throws Exception {
    Instant deadline = Instant.now().plus(PULL_LIMIT);
    String screen = "";
    while (Instant.now().isBefore(deadline)) {
      screen = exec(List.of("tmux", "capture-pane", "-p", "-t", session), true);
      if (done.test(screen)) {
        return screen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the screen never showed it; last:\n" + screen);
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.util.Random().nextBytes(b);
    return b;
  }

  /** An install in its own process, its output (stdout and stderr) read line by line. */
  private static final class Install {
    private final Process process;
    private final Thread reader;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder text = new StringBuilder();

    private Install(Process process) {
      this.process = process;
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  int c;
                  StringBuilder line = new StringBuilder();
                  while ((c = in.read()) >= 0) {
                    synchronized (text) {
                      text.append((char) c);
                    }
                    if (c == '\n') {
                      lines.add(line.toString());
                      line.setLength(0);
                    } else {
                      line.append((char) c);
                    }
                  }
                } catch (IOException e) {
                  // the process ended
                }
              },
              "install-output");
      reader.setDaemon(true);
      reader.start();
    }

    static List<String> argv(Path root, String image, String... more) {
      List<String> args = new ArrayList<>(List.of(root.toString(), image));
      args.addAll(List.of(more));
      return SmallJvm.argv(PullingInstall.class, args.toArray(String[]::new));
    }

    static Install start(Path root, String image, String... more) throws IOException {
      return new Install(
          new ProcessBuilder(argv(root, image, more))
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start());
    }

    void awaitLine(Predicate<String> wanted) throws InterruptedException {
      Instant deadline = Instant.now().plus(PULL_LIMIT);
      while (Instant.now().isBefore(deadline)) {
        synchronized (lines) {
          if (lines.stream().anyMatch(wanted)) {
            return;
          }
        }
        if (!process.isAlive()) {
          break;
        }
        Thread.sleep(20);
      }
      throw new AssertionError("the install never printed the line; it printed:\n" + text());
    }

    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
    }

    int awaitExit() throws InterruptedException {
      if (!process.waitFor(PULL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the install did not end within " + PULL_LIMIT + ":\n" + text());
      }
      reader.join(10_000); // the last bytes
      return process.exitValue();
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    String text() {
      synchronized (text) {
        return text.toString();
      }
    }
  }
}
