package org.slipsfailover.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slipsfailover.config.ExitCode;
import org.slipsfailover.config.InterfacePair;
import org.slipsfailover.config.Settings;
import org.slipsfailover.docker.DockerCli;
import org.slipsfailover.docker.DockerJavaEngine;
import org.slipsfailover.docker.DockerJavaImages;
import org.slipsfailover.docker.PrivateDockerd;
import org.slipsfailover.host.ImagePin;
import org.slipsfailover.host.ImagePinFile;
import org.slipsfailover.install.PushedVersions;

/**
 * Too little disk: update refuses before pulling. A private engine ({@link PrivateDockerd}) whose
 * data root is a 128 MB tmpfs made by the test holds the current image (a 40 MB layer, pulled from
 * Debian's registry on loopback), and a file of the test's takes the rest but 8 MB, less than the
 * image; update says how much it needs, fails, leaves the pin as it was, and the registry never saw
 * a request for the new image's layer (nor has the engine the new image).
 */
class UpdateShortOfRoomIT {
  @TempDir Path tmp;

  @Test
  void tooLittleRoomIsRefusedBeforePulling() throws Exception {
    try (PushedVersions versions = new PushedVersions(tmp.resolve("versions"));
        PrivateDockerd dockerd = PrivateDockerd.startOnSmallDataRoot("128m")) {
      String repo = versions.repository.substring(versions.registry.host().length() + 1);
      versions.pushNext(40);
      versions.pushNext(1);
      String newLayer = versions.registry.layerDigests(repo, "latest").get(0);
      dockerd.cli().run("pull", versions.digest(0));
      // The rest of the file system taken, but 8 MB: less than the image (the pull itself needs
      // about twice its size, its download and its layer, so the room is taken after it).
      Path root = Path.of(dockerd.cli().run("info", "-f", "{{.DockerRootDir}}").strip());
      long free = Files.getFileStore(root).getUsableSpace();
      DockerCli.exec(
          List.of(
              "fallocate",
              "-l",
              Long.toString(free - (8 << 20)),
              root.resolve("filler").toString()),
          true);
      ImagePinFile pins =
          new ImagePinFile(tmp.resolve("image.pin"), (Integer) Files.getAttribute(tmp, "unix:uid"));
      pins.write(ImagePin.first(versions.tag, versions.digest(0), Instant.now()));
      byte[] pinBefore = Files.readAllBytes(pins.path());
      ByteArrayOutputStream output = new ByteArrayOutputStream();
      ExitCode code;
      try (DockerJavaEngine engine = new DockerJavaEngine(dockerd.host());
          DockerJavaImages images = new DockerJavaImages(dockerd.host())) {
        code =
            new Updater(
                    UpdateProcess.parts(
                        new Settings(
                            new InterfacePair("wlan0", "eth0"),
                            versions.tag,
                            "slips-update-unused",
                            false,
                            "64m",
                            512,
                            "16m",
                            tmp,
                            false),
                        engine,
                        images,
                        pins,
                        new PrintStream(output, true)))
                .update();
      }
      String out = output.toString();
      System.out.println("UpdateShortOfRoomIT: " + out.strip());
      assertThat(code).as(out).isEqualTo(ExitCode.FAILED);
      assertThat(out)
          .containsPattern(
              "not enough room in \\S+/data for the new image: about \\d+ MB needed \\(the size of"
                  + " the current one\\), \\d+ MB free; nothing pulled, nothing changed")
          .doesNotContain("pulled ");
      assertThat(versions.registry.blobGets(newLayer)).as("GETs of the new layer").isZero();
      assertThat(dockerd.cli().run("image", "ls", "-q", "--no-trunc"))
          .as("the engine's images")
          .doesNotContain(versions.id(1));
      assertThat(Files.readAllBytes(pins.path())).as("the pin").isEqualTo(pinBefore);
      assertThat(List.of(dockerd.cli().run("ps", "-aq").strip())).containsExactly("");
    }
  }
}
