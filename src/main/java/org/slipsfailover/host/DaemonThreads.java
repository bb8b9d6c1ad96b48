package org.slipsfailover.host;

import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * The one way this program makes threads. They are daemon threads: a call that hangs (a frozen
 * Docker engine, a pipe nobody closes) holds its own thread only, and never keeps the JVM alive
 * after the work it was for has ended.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Starts {@code body} on a new daemon thread called {@code name}. */
  public static Thread start(String name, Runnable body) {
    Thread t = unstarted(name, body);
    t.start();
    return t;
  }

  /**
   * A daemon thread called {@code name}, not yet started (for a shutdown hook, or a later start).
   */
  public static Thread unstarted(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs each task on a new daemon thread of its own: a task that hangs blocks no other. */
  public static Executor eachOnItsOwn(String name) {
    return task -> start(name, task);
  }

  /** For executors whose threads must not keep the JVM alive. */
  public static ThreadFactory factory(String name) {
    return task -> unstarted(name, task);
  }
}
