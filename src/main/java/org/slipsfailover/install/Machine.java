package org.slipsfailover.install;

import java.io.PrintStream;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slipsfailover.ap.AccessPoints;
import org.slipsfailover.docker.ImageStore;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.Commands;
import org.slipsfailover.host.HostRoot;

/**
 * The machine the commands act on (the install first of all), every side effect behind an interface
 * so tests can run a whole install in a temporary folder. {@code cli.CommandFactory} makes the real
 * one.
 *
 * @param liveRoot the host's root ("/" in production); {@code --root} replaces it
 * @param engine created only when a command needs the engine (never for {@code --root}), and then
 *     once a process
 * @param jar reads the bytes of this jar, to be copied to a stable path (only when installing)
 * @param terminal whether {@code out} is a terminal (a progress bar instead of plain lines)
 * @param images the engine's images (digests, sizes), made only when asked
 */
public record Machine(
    HostRoot liveRoot,
    Commands commands,
    AccessPoints accessPoints,
    Supplier<SlipsEngine> engine,
    BooleanSupplier isRoot,
    Supplier<byte[]> jar,
    PrintStream out,
    boolean terminal,
    Supplier<ImageStore> images) {}
