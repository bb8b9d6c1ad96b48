package org.slipsfailover.supervise;

import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.docker.ContainerEnd;
import org.slipsfailover.docker.ContainerSpec;
import org.slipsfailover.docker.ContainerState;
import org.slipsfailover.docker.PullProgress;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.CommandResult;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.host.UnsafePathException;

/**
 * The folder's owner swaps {@code output/} for a link to another folder while the container is
 * made: what Docker mounts is still the folder that was checked. As root (mount), with the real
 * engine for one run. Issue 21, item 2.
 */
class CheckedOutputEngineIT {
  private static final String IMAGE = "slips-failover/standin-slips:slips-like";
  private static final ProcessCommands HOST = new ProcessCommands();

  @TempDir Path tmp;
  private Path slips;
  private Path output;
  private Path aside;
  private Path victim;
  private Path mounts;

  @BeforeEach
  void folders() throws IOException {
    slips = Files.createDirectories(tmp.resolve("slips"));
    output = Files.createDirectory(slips.resolve("output"));
    Files.writeString(output.resolve("checked"), "");
    aside = slips.resolve("output.aside");
    victim = Files.createDirectories(tmp.resolve("etc-target"));
    Files.writeString(victim.resolve("victim"), "");
    mounts = tmp.resolve("run/mnt");
  }

  @AfterEach
  void nothingLeftMounted() {
    boolean mounted = HOST.run("mountpoint", "-q", mounts.resolve("output").toString()).ok();
    while (HOST.run("umount", mounts.resolve("output").toString()).ok()) {
      // a failed test's binds: this test's own, undone before the folder goes
    }
    assertThat(mounted).as("the bind is undone").isFalse();
  }

  /** The owner's swap: output/ renamed away, a link to another folder in its place. */
  private void swapForLink() {
    try {
      Files.move(output, aside, StandardCopyOption.ATOMIC_MOVE);
      Files.createSymbolicLink(output, victim);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void swapBack() {
    try {
      Files.deleteIfExists(output);
      Files.move(aside, output, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aSwapWhileTheContainerIsMadeMountsTheCheckedFolder() {
    List<String> seen = new ArrayList<>();
    SlipsEngine engine =
        checked(
            spec -> {
              swapForLink(); // the owner, during the seconds Docker takes
              CommandResult ls =
                  HOST.run(
                      "docker",
                      "run",
                      "--rm",
                      "--network",
                      "none",
                      "-v",
                      spec.hostOutputDir() + ":/out",
                      "--entrypoint",
                      "ls",
                      IMAGE,
                      "/out");
              assertThat(ls.ok()).as(ls.failure()).isTrue();
              seen.add(ls.stdout().strip());
              return "id";
            });

    engine.createAndStart(spec());

    assertThat(seen).containsExactly("checked");
  }

  @Test
  void aSwapInATightLoopNeverMountsAnythingElse() throws Exception {
    List<String> seen = new ArrayList<>();
    SlipsEngine engine =
        checked(
            spec -> {
              seen.add(list(spec.hostOutputDir()));
              return "id";
            });
    AtomicBoolean swapping = new AtomicBoolean(true);
    Thread owner =
        new Thread(
            () -> {
              while (swapping.get()) {
                swapForLink();
                swapBack();
                // Real for a moment (no assertion depends on how long): some starts get past the
                // check, and the swap then lands while they bind and "mount".
                Thread.onSpinWait();
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    owner.start();
    int refused = 0;
    try {
      for (int i = 0; i < 50; i++) {
        try {
          engine.createAndStart(spec());
        } catch (UnsafePathException e) {
          refused++; // refusing is safe: nothing was mounted
        }
      }
    } finally {
      swapping.set(false);
      owner.join();
    }

    System.out.printf("50 starts under swaps: %d mounted, %d refused%n", seen.size(), refused);
    assertThat(seen).allMatch("checked"::equals);
    assertThat(seen.size() + refused).isEqualTo(50);
  }

  @Test
  void aBindLeftByARunnerThatDiedIsUndoneFirst() throws IOException {
    Files.createDirectories(mounts.getParent());
    Files.createDirectory(mounts, PosixFilePermissions.asFileAttribute(Set.of(OWNER_EXECUTE)));
    Path target = Files.createDirectory(mounts.resolve("output"));
    assertThat(HOST.run("mount", "--bind", victim.toString(), target.toString()).ok()).isTrue();
    assertThat(HOST.run("mount", "--bind", victim.toString(), target.toString()).ok()).isTrue();
    List<String> seen = new ArrayList<>();

    checked(
            spec -> {
              seen.add(list(spec.hostOutputDir()));
              return "id";
            })
        .createAndStart(spec());

    assertThat(seen).containsExactly("checked");
  }

  private static String list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return String.join(",", files.map(p -> p.getFileName().toString()).sorted().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ContainerSpec spec() {
    return new ContainerSpec("slips", IMAGE, output, "/out", 1024, "1g", "64m", List.of("true"));
  }

  private SlipsEngine checked(Function<ContainerSpec, String> createAndStart) {
    return new CheckedOutputEngine(new Engine(createAndStart), slips, mounts, HOST);
  }

  /** Docker as far as the mount goes: the rest is not called here. */
  private record Engine(Function<ContainerSpec, String> createAndStart) implements SlipsEngine {
    @Override
    public String createAndStart(ContainerSpec spec) {
      return createAndStart.apply(spec);
    }

    @Override
    public boolean imagePresent(String image) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void pull(String image, Consumer<PullProgress> progress) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean removeIfExists(String name) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ContainerEnd awaitEnd(String containerId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stop(String containerId, Duration grace) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void ping() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<ContainerState> inspect(String name) {
      throw new UnsupportedOperationException();
    }
  }
}
