package org.slipsfailover.docker;

import java.time.Instant;
import java.util.Optional;

/** A container as {@code docker inspect} reports it, for {@code failover status}. */
public record ContainerState(
    String name,
    boolean running,
    String image,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    int exitCode,
    boolean oomKilled) {}
