package org.slipsfailover.update;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.ImageStore;
import org.slipsfailover.docker.SlipsEngine;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.host.Pause;

/**
 * What {@link Updater} works with, built by the composition root.
 *
 * @param settings the installed settings (the configured image, the container's name)
 * @param engine pulls, and tells since when the container runs
 * @param pins the pinned digest, which the runner starts
 * @param swap hands Slips over to a new runner that starts the pinned digest
 * @param terminal whether {@code out} is a terminal (a progress bar instead of lines)
 * @param wallClock the pin's dates are wall-clock dates (the runner writes them)
 * @param interval how often the pin is read while the new Slips starts
 * @param limit how long the new Slips may take to protect or be rolled back, after which update
 *     stops waiting (the runner goes on deciding)
 */
public record UpdateParts(
    Settings settings,
    SlipsEngine engine,
    ImageStore images,
    ImagePinFile pins,
    RunnerSwap swap,
    Disk disk,
    PrintStream out,
    boolean terminal,
    Clock wallClock,
    Pause pause,
    Duration interval,
    Duration limit) {}
