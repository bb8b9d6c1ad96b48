package org.slipsfailover.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slipsfailover.docker.DockerCli;

/**
 * Versions of a tiny image pushed one after the other to the same tag of a {@link LocalRegistry},
 * as a new Slips release moves {@code :latest}: each one busybox, a file naming the version, and a
 * {@code bash} that sleeps (the runner's container command is {@code bash -c ...}), so that a
 * container of it runs until stopped.
 */
public final class PushedVersions implements AutoCloseable {
  public final LocalRegistry registry;
  public final String repository;
  public final String tag;
  private final DockerCli docker = DockerCli.local();
  private final Path dir;
  private final List<String> digests = new ArrayList<>();
  private final List<String> ids = new ArrayList<>();

  public PushedVersions(Path dir) throws IOException {
    this.dir = dir;
    this.registry = new LocalRegistry(dir.resolve("registry"));
    this.repository =
        registry.host() + "/slips-update-" + UUID.randomUUID().toString().substring(0, 8);
    this.tag = repository + ":latest";
  }

  /** Pushes the next version to {@link #tag}; returns its digest reference. */
  public String pushNext() throws IOException {
    return pushNext(0);
  }

  /**
   * Pushes the next version with a file of {@code randomMb} random bytes in it (compression cannot
   * shrink it), for a pull that takes room and time; returns its digest reference.
   */
  public String pushNext(int randomMb) throws IOException {
    int n = digests.size() + 1;
    Path tree = dir.resolve("tree-" + n);
    Files.createDirectories(tree.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), tree.resolve("bin/busybox"));
    Files.createSymbolicLink(tree.resolve("bin/sh"), Path.of("busybox"));
    Files.writeString(tree.resolve("bin/bash"), "#!/bin/sh\nexec /bin/busybox sleep 3600\n");
    tree.resolve("bin/bash").toFile().setExecutable(true, false);
    Files.writeString(tree.resolve("version"), n + " " + UUID.randomUUID() + "\n");
    byte[] random = new byte[randomMb << 20];
    new java.security.SecureRandom().nextBytes(random);
    Files.write(tree.resolve("random"), random);
    DockerCli.exec(
        List.of(
            "sh",
            "-c",
            "tar -C " + tree + " -c . | docker import --change 'CMD [\"/bin/bash\"]' - " + tag),
        true);
    docker.run("push", tag);
    String digest =
        docker
            .inspect(tag, "{{range .RepoDigests}}{{println .}}{{end}}")
            .lines()
            .filter(d -> d.startsWith(repository + "@"))
            .findFirst()
            .orElseThrow();
    digests.add(digest);
    ids.add(docker.inspect(tag, "{{.Id}}"));
    return digest;
  }

  /** The image id of the n-th version (from 0). */
  public String id(int n) {
    return ids.get(n);
  }

  public String digest(int n) {
    return digests.get(n);
  }

  /** Removes every version from the engine (the registry keeps them). */
  public void removeLocally() {
    docker.quietly("image", "rm", "-f", tag);
    for (String id : ids) {
      docker.quietly("image", "rm", "-f", id);
    }
  }

  @Override
  public void close() throws InterruptedException {
    removeLocally();
    registry.close();
  }
}
