package org.slipsfailover.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageReferenceTest {
  @Test
  void aTagIsSplitOffAndAMissingOneIsLatest() {
    assertThat(ImageReference.parse("stratosphereips/slips:latest"))
        .isEqualTo(new ImageReference("stratosphereips/slips", "latest"));
    assertThat(ImageReference.parse("stratosphereips/slips"))
        .isEqualTo(new ImageReference("stratosphereips/slips", "latest"));
  }

  @Test
  void aRegistryPortIsNotATag() {
    assertThat(ImageReference.parse("registry.lan:5000/lab/slips"))
        .isEqualTo(new ImageReference("registry.lan:5000/lab/slips", "latest"));
    assertThat(ImageReference.parse("registry.lan:5000/lab/slips:1.1.4"))
        .isEqualTo(new ImageReference("registry.lan:5000/lab/slips", "1.1.4"));
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
