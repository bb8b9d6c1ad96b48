package org.slipsfailover.docker;

/**
 * One progress report of an image pull.
 *
 * @param status the engine's status line ("Downloading", "Pull complete", ...)
 * @param current bytes done over all layers seen so far
 * @param total bytes to do over all layers seen so far (0 when unknown)
 */
public record PullProgress(String status, long current, long total) {}
