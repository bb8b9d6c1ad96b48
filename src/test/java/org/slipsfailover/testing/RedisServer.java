package org.slipsfailover.testing;

import java.nio.file.Path;
import java.util.List;

/** A throwaway redis-server of a test's own: loopback only, nothing saved. */
public final class RedisServer {
  private RedisServer() {}

  public static List<String> argv(int port, Path dir) {
    return List.of(
        "redis-server",
        "--port",
        String.valueOf(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir.toString());
  }
}
