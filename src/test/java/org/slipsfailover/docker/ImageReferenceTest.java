package org.slipsfailover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageReferenceTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      textBlock =
          """
          # A tag is split off and a missing one is latest.
          stratosphereips/slips:latest,      stratosphereips/slips,       latest
          stratosphereips/slips,             stratosphereips/slips,       latest
          # A registry's port is not a tag.
          registry.lan:5000/lab/slips,       registry.lan:5000/lab/slips, latest
          registry.lan:5000/lab/slips:1.1.4, registry.lan:5000/lab/slips, 1.1.4
          """)
  void aTagIsSplitOffAndAMissingOneIsLatestButARegistryPortIsNotATag(
      String text, String repository, String tag) {
    assertThat(ImageReference.parse(text)).isEqualTo(new ImageReference(repository, tag));
  }

  @Test
  void aDigestIsKept() {
    String digest = "sha256:" + "a".repeat(64);
    assertThat(ImageReference.parse("slips@" + digest))
        .isEqualTo(new ImageReference("slips", digest));
  }

  @Test
  void sizesAreBinaryAsDockerReadsThem() {
    assertThat(ByteSizes.parse("8g")).isEqualTo(8L << 30);
    assertThat(ByteSizes.parse("512m")).isEqualTo(512L << 20);
    assertThat(ByteSizes.parse("64k")).isEqualTo(64L << 10);
    assertThat(ByteSizes.parse("1000")).isEqualTo(1000L);
  }
}
