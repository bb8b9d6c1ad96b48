package org.slipsfailover.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.FakeImages;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.testing.MutableClock;

/**
 * The install pins the image by digest; a re-run with the same image never switches versions, even
 * after the tag moved here; another {@code --image} is pinned anew.
 */
class ImagePinningTest {
  private static final String TAG = "stratosphereips/slips:latest";
  private static final String A = "stratosphereips/slips@sha256:" + "a".repeat(64);
  private static final String B = "stratosphereips/slips@sha256:" + "b".repeat(64);

  @TempDir Path tmp;
  private final FakeImages images = new FakeImages();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ImagePinFile pins;

  @BeforeEach
  void pinFile() throws Exception {
    pins =
        new ImagePinFile(
            tmp.resolve("etc/image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
  }

  private void install(String image) {
    new ImagePinning(
            () -> images, pins, new MutableClock(Instant.EPOCH), new PrintStream(out, true))
        .pin(image);
  }

  @Test
  void aFirstInstallPinsTheDigestTheEngineHas() {
    images.local.put(TAG, A);
    install(TAG);
    assertThat(pins.read()).hasValueSatisfying(p -> assertThat(p.digest()).isEqualTo(A));
    assertThat(out.toString()).contains("pin    " + TAG + " as " + A);
  }

  @Test
  void aReRunAfterTheTagMovedKeepsThePin() {
    images.local.put(TAG, A);
    install(TAG);
    images.local.put(TAG, B); // someone pulled: latest moved here

    install(TAG);

    assertThat(pins.read().map(ImagePin::digest)).contains(A);
    assertThat(out.toString()).contains("pin    " + TAG + " stays " + A + " (update changes it)");
  }

  @Test
  void anotherImageIsPinnedAnew() {
    images.local.put(TAG, A);
    install(TAG);
    String other = "stratosphereips/slips:1.1.21";
    images.local.put(other, B);

    install(other);

    assertThat(pins.read()).hasValueSatisfying(p -> assertThat(p.image()).isEqualTo(other));
    assertThat(pins.read().map(ImagePin::digest)).contains(B);
  }

  @Test
  void anotherImageWithoutADigestRemovesThePinOfTheFormerOne() {
    images.local.put(TAG, A);
    install(TAG);

    install("slips-failover/standin-slips:built-here");

    assertThat(pins.read()).isEmpty();
  }

  @Test
  void anImageWithoutARegistryDigestOrAnEngineThatCannotSayPinsNothing() {
    install(TAG);
    assertThat(pins.read()).isEmpty();
    assertThat(out.toString()).contains("pin    none: " + TAG + " has no registry digest here");

    new ImagePinning(
            () -> {
              throw new EngineException("no engine", null);
            },
            pins,
            new MutableClock(Instant.EPOCH),
            new PrintStream(out, true))
        .pin(TAG);
    assertThat(pins.read()).isEmpty();
  }
}
