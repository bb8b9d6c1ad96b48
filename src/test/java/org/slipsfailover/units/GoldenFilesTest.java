package org.slipsfailover.units;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slipsfailover.TestSettings;
import org.slipsfailover.config.Settings;
import org.slipsfailover.host.HostRoot;

/**
 * Every rendered file against a reviewed golden copy in src/test/resources/golden/. After changing
 * a template on purpose, regenerate with {@code mvn test -Dgolden.update=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  static Stream<Arguments> cases() {
    return HostFile.ALL.stream()
        .flatMap(
            f ->
                Stream.of(
                    Arguments.of("defaults", TestSettings.defaults(TestSettings.DEFAULT_DIR), f),
                    Arguments.of("custom", TestSettings.custom(TestSettings.CUSTOM_DIR), f)));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("cases")
  void renderedFileMatchesGolden(String set, Settings settings, HostFile file) throws IOException {
    // An empty root: no user-edited templates, so the shipped ones are rendered.
    Path emptyRoot = Files.createTempDirectory("golden-root");
    String rendered = new Renderer(new TemplateSource(HostRoot.of(emptyRoot))).render(file, settings);
    Path golden = GOLDEN.resolve(set).resolve(file.fileName());
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, rendered);
    }
    assertThat(rendered).isEqualTo(Files.readString(golden));
  }
}
