package org.slipsfailover.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;

/**
 * The docker CLI, for tests to set up and read back containers independently of the adapter under
 * test. {@code host} is a {@code -H} endpoint.
 */
public record DockerCli(String host) {
  /** The simple stand-in: runs at once whatever happens (no AP check, Redis or Zeek). */
  public static final String STANDIN_IMAGE = "slips-failover/standin-slips:test";

  /**
   * The stand-in that behaves like Slips in {@code -ap} mode: exits 0 without an access point of
   * the pair, starts after a delay, runs Redis and one Zeek per interface, has faults to inject
   * ({@code src/test/docker/standin-slips.sh} lists its knobs).
   */
  public static final String SLIPS_LIKE_IMAGE = "slips-failover/standin-slips:slips-like";

  /**
   * Settings that run the {@link #SLIPS_LIKE_IMAGE} stand-in small on the build machine (256m of
   * memory, 512 CPU shares, 64m of shared memory, no blocking).
   */
  public static Settings slipsLikeSettings(
      InterfacePair pair, String containerName, Path slipsDir, boolean keepAp) {
    return new Settings(
        pair, SLIPS_LIKE_IMAGE, containerName, false, "256m", 512, "64m", slipsDir, keepAp);
  }

  public static DockerCli local() {
    return new DockerCli(DockerJavaEngine.DEFAULT_HOST);
  }

  /** Runs docker with these arguments; returns stdout, or throws with stderr. */
  public String run(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "-H", host));
    argv.addAll(List.of(args));
    return exec(argv, true);
  }

  /** Like {@link #run} but ignores failure (cleanup). */
  public void quietly(String... args) {
    List<String> argv = new ArrayList<>(List.of("docker", "-H", host));
    argv.addAll(List.of(args));
    exec(argv, false);
  }

  /** {@code docker inspect -f FORMAT name}, trimmed. */
  public String inspect(String name, String format) {
    return run("inspect", "-f", format, name).strip();
  }

  /** Builds the simple stand-in Slips image in this engine (a no-op when it is up to date). */
  public void buildStandinImage() {
    buildStandin(STANDIN_IMAGE, "simple");
  }

  /** Builds the Slips-like stand-in image in this engine (a no-op when it is up to date). */
  public void buildSlipsLikeStandinImage() {
    buildStandin(SLIPS_LIKE_IMAGE, "slips");
  }

  private void buildStandin(String tag, String profile) {
    Path script = Path.of("src/test/docker/build-standin-slips.sh").toAbsolutePath();
    exec(
        List.of(
            "env",
            "DOCKER=docker -H " + host,
            "STANDIN_PROFILE=" + profile,
            "bash",
            script.toString(),
            tag),
        true);
  }

  public static String exec(List<String> argv, boolean check) {
    try {
      Process p =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      var err =
          java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      String out = readAll(p.getInputStream());
      int code = p.waitFor();
      if (check && code != 0) {
        throw new IllegalStateException(argv + " failed (" + code + "): " + err.join());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String readAll(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
