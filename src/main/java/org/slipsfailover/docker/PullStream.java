package org.slipsfailover.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slipsfailover.host.DaemonThreads;

/**
 * The engine's answer to one pull: each item becomes a {@link PullProgress}, and a pull that stays
 * silent for the stall limit is given up. The engine itself never gives up on a registry that keeps
 * the connection open but stops sending (a stalled Wi-Fi link, a hung registry): its pull, and our
 * install with it, would wait forever.
 */
final class PullStream extends ResultCallback.Adapter<PullResponseItem> {
  private final String image;
  private final Consumer<PullProgress> progress;
  private final PullStall stall;
  private final PullTally tally = new PullTally();

  /** When the engine last said anything about this pull. */
  private final AtomicReference<Instant> lastNews;

  private final AtomicBoolean stalled = new AtomicBoolean();

  PullStream(String image, Consumer<PullProgress> progress, PullStall stall) {
    this.image = image;
    this.progress = progress;
    this.stall = stall;
    this.lastNews = new AtomicReference<>(stall.monotonic().instant());
  }

  @Override
  public void onNext(PullResponseItem item) {
    lastNews.set(stall.monotonic().instant());
    if (item.isErrorIndicated()) {
      onError(new EngineException("pull of " + image + " failed: " + item.getError(), null));
      return;
    }
    var detail = item.getProgressDetail();
    progress.accept(
        tally.add(
            item.getId(),
            item.getStatus(),
            detail == null ? null : detail.getCurrent(),
            detail == null ? null : detail.getTotal()));
  }

  /**
   * Waits for the pull, once the engine was asked for it with this stream, to end.
   *
   * @throws EngineException when it failed, or stalled and was given up
   */
  void awaitEnd() throws InterruptedException {
    CompletableFuture<Void> ended = new CompletableFuture<>();
    DaemonThreads.start("pull-stall-watch", () -> watchUntil(ended));
    try {
      awaitCompletion();
    } catch (RuntimeException e) {
      if (!stalled.get()) {
        throw e;
      }
    } finally {
      ended.complete(null);
    }
    if (stalled.get()) {
      throw new EngineException(
          "pull of "
              + image
              + ": no progress for "
              + stall.limit().toSeconds()
              + " s (the registry stopped answering); given up",
          null);
    }
  }

  private void watchUntil(CompletableFuture<Void> ended) {
    while (!ended.isDone()) {
      if (stall.stalledSince(lastNews.get())) {
        stalled.set(true);
        closeQuietly(); // closing the stream makes the engine cancel the pull
        return;
      }
      stall.pause().pause(PullStall.CHECK, ended);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // the pull ended meanwhile
    }
  }
}
