package org.slipsfailover.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.host.ProcessCommands;
import org.slipsfailover.testing.Poll;
import org.slipsfailover.testing.RedisServer;

/** The watch against a real redis-server of the test's own, frozen and killed as Slips' can be. */
class RedisWatchIT {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final ProcessCommands HOST = new ProcessCommands();

  @TempDir Path dir;
  private Process redis;
  private int port;
  private CompletableFuture<Void> silent;

  @BeforeEach
  void startRedis() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    redis =
        new ProcessBuilder(RedisServer.argv(port, dir))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(() -> RedisPing.ping(port, TIMEOUT).isEmpty());
  }

  @AfterEach
  void stopRedis() {
    if (silent != null) {
      silent.cancel(false);
    }
    HOST.run("kill", "-CONT", String.valueOf(redis.pid()));
    redis.destroyForcibly();
  }

  @Test
  void whileRedisAnswersItKeepsAskingAndStaysQuiet() {
    long before = commandsProcessed();
    silent = RedisWatch.start(port, TIMEOUT, Duration.ofMillis(100), () -> true);
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(() -> commandsProcessed() >= before + 5);
    assertThat(silent).as("five PINGs answered, no alarm").isNotDone();
  }

  @Test
  void aFrozenRedisIsNoticedWithinARoundAndTheTimeout() throws Exception {
    silent = RedisWatch.start(port, TIMEOUT, RedisWatch.EVERY, () -> true);
    long before = commandsProcessed();
    Poll.within(Duration.ofSeconds(10), Duration.ofMillis(50))
        .until(() -> commandsProcessed() >= before + 2);
    long frozeAt = System.nanoTime();
    assertThat(HOST.run("kill", "-STOP", String.valueOf(redis.pid())).exitCode()).isZero();
    silent.get(10, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - frozeAt);
    // EVERY plus the timeout is 0.9 s; the probes alone took up to 1.5 s. Room for a loaded
    // machine.
    assertThat(took).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void aKilledRedisIsNoticed() throws Exception {
    silent = RedisWatch.start(port, TIMEOUT, RedisWatch.EVERY, () -> true);
    redis.destroyForcibly().waitFor();
    silent.get(5, TimeUnit.SECONDS);
    assertThat(silent).isDone();
  }

  @Test
  void noRedisAtAllIsSilentAtOnce() throws Exception {
    redis.destroyForcibly().waitFor();
    silent = RedisWatch.start(port, TIMEOUT, RedisWatch.EVERY, () -> true);
    silent.get(5, TimeUnit.SECONDS);
    assertThat(silent).isDone();
  }

  /** Redis' own count of the commands it answered, through a connection of the test's own. */
  private long commandsProcessed() {
    String info = HOST.run("redis-cli", "-p", String.valueOf(port), "info", "stats").stdout();
    return info.lines()
        .filter(l -> l.startsWith("total_commands_processed:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).strip()))
        .findFirst()
        .orElse(-1);
  }
}
