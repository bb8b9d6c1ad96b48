package org.slipsfailover.docker;

import java.time.Instant;
import java.util.Optional;

/**
 * A container as {@code docker inspect} reports it.
 *
 * @param pid its first process ({@code State.Pid}) as the engine's pid namespace numbers it; 0 when
 *     it does not run
 */
public record ContainerState(
    String name,
    boolean running,
    String image,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    int exitCode,
    boolean oomKilled,
    long pid) {}
