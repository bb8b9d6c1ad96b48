package org.slipsfailover.config;

import java.time.Duration;

/**
 * How the runner judges whether Slips protects: it probes every {@code interval}; {@code
 * failuresInARow} failed probes in a row count as Slips' death; a Slips that has not passed one
 * probe {@code protectWithin} after its start has failed to start.
 *
 * @param redisPort the port of Slips' own Redis on 127.0.0.1
 * @param redisTimeout how long Redis may take to answer a PING
 */
public record ProbeTimings(
    Duration interval,
    int failuresInARow,
    Duration protectWithin,
    int redisPort,
    Duration redisTimeout) {

  public static final int DEFAULT_REDIS_PORT = 6379;

  /**
   * A probe a second; 3 misses (about 3 s) are a death. 180 s to start: Slips takes about 30 s on a
   * Pi 4, so this is generous without leaving a broken Slips up for long.
   */
  public static final ProbeTimings DEFAULT =
      new ProbeTimings(
          Duration.ofSeconds(1),
          3,
          Duration.ofSeconds(180),
          DEFAULT_REDIS_PORT,
          Duration.ofMillis(500));

  public ProbeTimings {
    if (failuresInARow < 1) {
      throw new BadInputException(
          "probe failures in a row must be at least 1, got " + failuresInARow);
    }
    if (redisPort < 1 || redisPort > 65535) {
      throw new BadInputException("Redis port must be 1 to 65535, got " + redisPort);
    }
    if (interval.isNegative() || interval.isZero() || protectWithin.isNegative()) {
      throw new BadInputException("probe interval and start time must be positive");
    }
  }
}
