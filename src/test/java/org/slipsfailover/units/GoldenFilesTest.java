package org.slipsfailover.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slipsfailover.TestSettings;
import org.slipsfailover.host.HostRoot;

/**
 * Every rendered file against a reviewed golden copy in src/test/resources/golden/: {@code
 * defaults/} for every file, {@code custom/} only for the files that other settings change (the
 * others must render the same with them). After changing a template on purpose, regenerate with
 * {@code mvn test -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** No user-edited templates here, so the shipped ones are rendered. */
  @TempDir Path emptyRoot;

  static Stream<HostFile> files() {
    return HostFile.ALL.stream();
  }

  private String render(HostFile file, boolean custom) {
    return new Renderer(new TemplateSource(HostRoot.of(emptyRoot)))
        .render(
            file,
            custom
                ? TestSettings.custom(TestSettings.CUSTOM_DIR)
                : TestSettings.defaults(TestSettings.DEFAULT_DIR));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void renderedFileMatchesGolden(HostFile file) throws IOException {
    Path defaults = GOLDEN.resolve("defaults").resolve(file.fileName());
    Path custom = GOLDEN.resolve("custom").resolve(file.fileName());
    String withDefaults = render(file, false);
    String withCustom = render(file, true);
    if (UPDATE) {
      Files.createDirectories(custom.getParent());
      Files.writeString(defaults, withDefaults);
      if (withCustom.equals(withDefaults)) {
        Files.deleteIfExists(custom);
      } else {
        Files.writeString(custom, withCustom);
      }
    }
    assertThat(withDefaults).isEqualTo(Files.readString(defaults));
    assertThat(withCustom)
        .isEqualTo(Files.exists(custom) ? Files.readString(custom) : withDefaults);
  }

  @Test
  void everyGoldenFileBelongsToARenderedFile() throws IOException {
    Set<String> rendered = files().map(HostFile::fileName).collect(Collectors.toSet());
    Set<String> orphans = new TreeSet<>();
    try (Stream<Path> golden = Files.walk(GOLDEN)) {
      golden
          .filter(Files::isRegularFile)
          .filter(
              p ->
                  !rendered.contains(p.getFileName().toString())
                      || !Set.of("defaults", "custom")
                          .contains(p.getParent().getFileName().toString()))
          .forEach(p -> orphans.add(GOLDEN.relativize(p).toString()));
    }
    assertThat(orphans).as("golden files no rendered file matches: remove them").isEmpty();
  }

  @Test
  void aCustomGoldenFileDiffersFromTheDefaultOne() throws IOException {
    try (Stream<Path> custom = Files.list(GOLDEN.resolve("custom"))) {
      for (Path file : custom.toList()) {
        assertThat(Files.readString(file))
            .as("%s: same as defaults/, remove it", file)
            .isNotEqualTo(Files.readString(GOLDEN.resolve("defaults").resolve(file.getFileName())));
      }
    }
  }
}
