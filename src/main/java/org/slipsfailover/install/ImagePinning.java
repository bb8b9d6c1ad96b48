package org.slipsfailover.install;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.slipsfailover.docker.EngineException;
import org.slipsfailover.docker.ImageStore;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;

/**
 * The install's part of the pinned image ({@link ImagePin}): a first install, or one with another
 * {@code --image}, pins the digest the engine has for the image now; a re-run with the same image
 * keeps the pin, so that re-running the install never switches versions (only {@code update} does).
 */
final class ImagePinning {
  private final Supplier<ImageStore> images;
  private final ImagePinFile pins;
  private final Clock clock;
  private final PrintStream out;

  ImagePinning(Supplier<ImageStore> images, ImagePinFile pins, Clock clock, PrintStream out) {
    this.images = images;
    this.pins = pins;
    this.clock = clock;
    this.out = out;
  }

  void pin(String image) {
    Optional<ImagePin> pinned = pins.read();
    if (pinned.isPresent() && pinned.get().image().equals(image)) {
      out.println("pin    " + image + " stays " + pinned.get().digest() + " (update changes it)");
      return;
    }
    Optional<String> digest;
    try {
      digest = images.get().localDigest(image);
    } catch (EngineException e) {
      out.println("pin    none: " + e.getMessage() + "; Slips starts " + image + " as it is");
      pins.remove(); // a pin of another image must not outlive the change
      return;
    }
    if (digest.isEmpty()) {
      // An image built here, never pulled, has no registry digest to pin.
      out.println(
          "pin    none: " + image + " has no registry digest here; Slips starts it as it is");
      pins.remove();
      return;
    }
    pins.write(ImagePin.first(image, digest.get(), clock.instant()));
    out.println("pin    " + image + " as " + digest.get());
  }
}
