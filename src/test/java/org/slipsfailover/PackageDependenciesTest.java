package org.slipsfailover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of docs/ARCHITECTURE.md, checked on every import of the main sources. */
class PackageDependenciesTest {
  private static final Path MAIN = Path.of("src/main/java/org/slipsfailover");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?org\\.slipsfailover\\.([a-z]+)\\.", Pattern.MULTILINE);

  /** Each package and the packages it may import (itself always). */
  private static final Map<String, Set<String>> ALLOWED =
      Map.ofEntries(
          Map.entry("config", Set.of()),
          Map.entry("host", Set.of("config")),
          Map.entry("probe", Set.of("config", "host")),
          Map.entry("units", Set.of("config", "host")),
          Map.entry("ap", Set.of("config", "host")),
          Map.entry("gate", Set.of("config", "host")),
          Map.entry("docker", Set.of("config", "host")),
          Map.entry("notify", Set.of("config", "host", "supervise")),
          Map.entry("install", Set.of("config", "host", "units", "ap", "docker", "gate", "notify")),
          Map.entry("supervise", Set.of("config", "host", "ap", "docker", "probe", "gate")),
          Map.entry("status", Set.of("config", "host", "ap", "docker", "probe", "gate")),
          Map.entry("blocks", Set.of("config", "host")),
          Map.entry("metrics", Set.of("config", "host", "probe", "supervise", "status")),
          Map.entry("update", Set.of("config", "host", "docker", "install")),
          Map.entry(
              "cli",
              Set.of(
                  "config",
                  "host",
                  "units",
                  "ap",
                  "docker",
                  "install",
                  "supervise",
                  "status",
                  "blocks",
                  "metrics",
                  "update",
                  "probe",
                  "gate",
                  "notify")));

  @Test
  void everyImportFollowsTheLayout() throws IOException {
    List<String> broken = new ArrayList<>();
    try (Stream<Path> packages = Files.list(MAIN)) {
      for (Path dir : packages.filter(Files::isDirectory).toList()) {
        String pkg = dir.getFileName().toString();
        assertThat(ALLOWED).as("package %s is in docs/ARCHITECTURE.md", pkg).containsKey(pkg);
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
              String used = m.group(1);
              if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
                broken.add(file.getFileName() + ": " + pkg + " -> " + used);
              }
            }
          }
        }
      }
    }
    assertThat(broken).isEmpty();
  }
}
