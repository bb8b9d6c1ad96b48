package org.slipsfailover.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slipsfailover.host.DaemonThreads;
import org.slipsfailover.host.Deadline;
import org.slipsfailover.host.Pause;
import org.slipsfailover.host.SafeRollingLog;
import org.slipsfailover.host.UnsafePathException;

/**
 * Writes log lines to {@code slips_container.log} through {@link SafeRollingLog} (no link followed,
 * rolled safely), from a writer thread of its own. A logging call only formats its line and queues
 * it: a full disk, a stalled SD card or a planted FIFO can never hold the thread that cuts the
 * access point. What the file misses is said on stdout, which has every line anyway: once when
 * writing stops (and why), once when it works again (and how many lines it missed).
 */
final class SlipsLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /** How often {@link #flush} looks whether the writer is done. */
  private static final Duration FLUSH_POLL = Duration.ofMillis(2);

  /** Lines waiting for the writer; beyond that they are dropped (and counted), never waited for. */
  static final int QUEUE = 4096;

  private final SafeRollingLog log;
  private final long maxBytes;
  private final Encoder<ILoggingEvent> encoder;
  private final Logger reporter;
  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);

  /** Lines queued and not yet written (or given up on). */
  private final AtomicLong pending = new AtomicLong();

  private final AtomicLong dropped = new AtomicLong();
  private Thread writer;

  // Owned by the writer thread.
  private String failing;
  private long missed;

  SlipsLogAppender(Path file, long maxBytes, Encoder<ILoggingEvent> encoder, Logger reporter) {
    this.log = new SafeRollingLog(file.getParent(), maxBytes);
    this.maxBytes = maxBytes;
    this.encoder = encoder;
    this.reporter = reporter;
  }

  Path file() {
    return log.file();
  }

  long maxBytes() {
    return maxBytes;
  }

  @Override
  public void start() {
    writer = DaemonThreads.start("slips-log-writer", this::writeLoop);
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    flush(LogFile.FLUSH_LIMIT);
    writer.interrupt();
    try {
      writer.join(LogFile.FLUSH_LIMIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    byte[] line = encoder.encode(event);
    pending.incrementAndGet();
    if (!queue.offer(line)) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
    }
  }

  /** Waits until the queue is written, or {@code limit} passed. */
  void flush(Duration limit) {
    Deadline deadline = Deadline.in(limit);
    Pause pause = Pause.real();
    while (pending.get() > 0 && !deadline.passed() && !Thread.currentThread().isInterrupted()) {
      pause.pause(FLUSH_POLL);
    }
  }

  private void writeLoop() {
    try {
      while (true) {
        // Blocks until a line comes (stop() interrupts it): no wake-up a second while all is quiet.
        byte[] line = queue.take();
        try {
          write(line);
        } finally {
          pending.decrementAndGet();
        }
      }
    } catch (InterruptedException e) {
      // stop(): what is queued now is only on stdout, which has every line.
    } finally {
      log.close();
    }
  }

  private void write(byte[] line) {
    long droppedNow = dropped.getAndSet(0);
    missed += droppedNow;
    try {
      log.append(line);
    } catch (UnsafePathException e) {
      log.close(); // checked again from the start at the next line
      fail("Not writing " + log.file() + ": " + e.getMessage());
      return;
    } catch (IOException | RuntimeException e) {
      log.close();
      fail("Cannot write " + log.file() + " (" + e.getMessage() + ")");
      return;
    }
    if (failing != null || missed > 0) {
      reporter.info(
          "Writing {} again; {} line(s) before this one are only in the journal",
          log.file(),
          missed);
      failing = null;
      missed = 0;
    }
  }

  private void fail(String why) {
    missed++;
    if (!why.equals(failing)) {
      failing = why;
      reporter.error("{}; log lines go to the journal (journalctl -u slips.service) only", why);
    }
  }
}
