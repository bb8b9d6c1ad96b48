package org.slipsfailover.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** An engine's images as the test sets them: what each tag resolves to here and at the registry. */
public final class FakeImages implements ImageStore {
  public final Map<String, String> local = new HashMap<>();
  public final Map<String, String> registry = new HashMap<>();
  public final Map<String, Long> sizes = new HashMap<>();
  public final List<String> removed = new ArrayList<>();
  public Path dataRoot = Path.of("/var/lib/docker");
  public boolean registryAnswers = true;

  @Override
  public Optional<String> localDigest(String image) {
    return Optional.ofNullable(local.get(image));
  }

  @Override
  public String registryDigest(String image) {
    if (!registryAnswers || !registry.containsKey(image)) {
      throw new EngineException("the registry of " + image + " did not say: unreachable", null);
    }
    return registry.get(image);
  }

  @Override
  public OptionalLong size(String image) {
    Long size = sizes.get(image);
    return size == null ? OptionalLong.empty() : OptionalLong.of(size);
  }

  @Override
  public Path dataRoot() {
    return dataRoot;
  }

  @Override
  public boolean remove(String image) {
    removed.add(image);
    return true;
  }
}
