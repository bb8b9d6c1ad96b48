package org.slipsfailover.install;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;

/**
 * The machine the install acts on, every side effect behind an interface so tests can run the whole
 * install in a temporary folder.
 *
 * @param liveRoot the host's root ("/" in production); {@code --root} replaces it
 * @param engine created only when the install needs the engine (never for {@code --root})
 * @param jar reads the bytes of this jar, to be copied to a stable path (only when installing)
 * @param terminal whether {@code out} is a terminal (a progress bar instead of plain lines)
 */
public record InstallContext(
    HostRoot liveRoot,
    Commands commands,
    AccessPoints accessPoints,
    Supplier<SlipsEngine> engine,
    BooleanSupplier isRoot,
    java.util.function.Supplier<byte[]> jar,
    PrintStream out,
    boolean terminal) {}
