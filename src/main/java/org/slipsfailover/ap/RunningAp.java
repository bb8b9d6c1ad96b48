package org.slipsfailover.ap;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A create_ap process serving one interface pair.
 *
 * @param pid the create_ap (bash) process
 * @param startedAt its start time, to tell it from a later process that reuses the pid
 * @param argv its command line as the kernel reports it
 * @param stateDir its {@code /tmp/create_ap.<wifi>.conf.XXXXXXXX} folder, when found
 * @param systemdUnit {@code create_ap.service} when that unit runs it, so it is stopped through
 *     systemd (otherwise systemd would restart it)
 */
public record RunningAp(
    long pid,
    Instant startedAt,
    List<String> argv,
    Optional<Path> stateDir,
    Optional<String> systemdUnit) {}
