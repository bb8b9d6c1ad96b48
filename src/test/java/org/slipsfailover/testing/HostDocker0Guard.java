package org.slipsfailover.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class that removed or replaced the host's {@code docker0}: a test may change only
 * what it created, and without that bridge every later container on Docker's default network fails
 * to start, far from the cause. Registered for every test class (META-INF/services, with
 * autodetection on in junit-platform.properties); it reads one file in /sys, before and after.
 *
 * <p>The bridge's interface index tells "the same bridge": a removed and recreated one gets a new
 * one. A machine with no {@code docker0} when the class starts is not checked.
 */
public final class HostDocker0Guard implements BeforeAllCallback, AfterAllCallback {
  private static final Path IFINDEX = Path.of("/sys/class/net/docker0/ifindex");
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(HostDocker0Guard.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    ifindex().ifPresent(index -> context.getStore(NAMESPACE).put("ifindex", index));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    String before = context.getStore(NAMESPACE).get("ifindex", String.class);
    if (before == null) {
      return;
    }
    Optional<String> after = ifindex();
    if (!after.equals(Optional.of(before))) {
      throw new AssertionError(
          "the host's docker0 (ifindex "
              + before
              + ") was "
              + after.map(i -> "replaced (now ifindex " + i + ")").orElse("removed")
              + " while "
              + context.getRequiredTestClass().getName()
              + " ran: a test may change only what it created");
    }
  }

  private static Optional<String> ifindex() {
    try {
      return Optional.of(Files.readString(IFINDEX).strip());
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + IFINDEX, e);
    }
  }
}
