package org.slipsfailover.iptables;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets its own network namespace, deleted after it, and a freshly rendered watcher. */
abstract class NamespaceTest {
  @TempDir Path temp;
  Netns ns;
  WatcherScript watcher;

  @BeforeEach
  void createNamespace() {
    ns = Netns.create();
    watcher = new WatcherScript(temp);
  }

  @AfterEach
  void deleteNamespace() {
    ns.close();
  }
}
