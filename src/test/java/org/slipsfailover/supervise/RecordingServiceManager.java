package org.slipsfailover.supervise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A service manager that keeps what it was told: ready in the events, the rest in its fields. */
final class RecordingServiceManager implements ServiceManager {
  final List<Duration> extensions = Collections.synchronizedList(new ArrayList<>());
  final List<String> statuses = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger watchdogFeeds = new AtomicInteger();
  private final List<String> events;

  RecordingServiceManager(List<String> events) {
    this.events = events;
  }

  @Override
  public void ready() {
    events.add("ready");
  }

  @Override
  public void extendStartTimeout(Duration more) {
    events.add("extend");
    extensions.add(more);
  }

  @Override
  public void status(String text) {
    statuses.add(text);
  }

  @Override
  public void watchdog() {
    watchdogFeeds.incrementAndGet();
  }
}
