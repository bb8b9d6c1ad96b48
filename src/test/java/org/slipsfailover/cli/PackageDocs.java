package org.slipsfailover.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step of the Debian package (run by {@code mvn package}, not a test). Writes what the
 * package ships besides the jar: the bash completion and the man pages of {@code slips-failover},
 * both made by picocli from the commands themselves so they never drift from {@code --help}, and
 * the Debian changelog. Compressed files are gzipped without a name or a time, as Debian wants.
 */
public final class PackageDocs {
  static final String COMMAND = "slips-failover";

  private PackageDocs() {}

  /**
   * @param args the output folder, the version, the maintainer ("Name &lt;mail&gt;"), the build's
   *     timestamp (ISO-8601, for the changelog's date)
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    String version = args[1];
    OffsetDateTime built = OffsetDateTime.parse(args[3]);
    CommandLine cl =
        FailoverCommand.commandLine(CommandFactory.live(System.out), System.out, System.err);
    cl.setCommandName(COMMAND);
    cl.getCommandSpec().versionProvider(() -> new String[] {COMMAND + " " + version});

    Path completion = Files.createDirectories(out.resolve("completion")).resolve(COMMAND);
    // Sourced by bash-completion, never run: no "#!" line.
    Files.writeString(completion, AutoComplete.bash(COMMAND, cl).replaceFirst("^#!.*\n", ""));

    Path adoc = Files.createDirectories(out.resolve("adoc"));
    int rc =
        ManPageGenerator.generateManPage(
            adoc.toFile(), null, new boolean[0], false, cl.getCommandSpec());
    if (rc != 0) {
      throw new IllegalStateException("ManPageGenerator failed with " + rc);
    }
    Path man = Files.createDirectories(out.resolve("man"));
    try (Asciidoctor asciidoctor = Asciidoctor.Factory.create();
        Stream<Path> pages = Files.list(adoc)) {
      for (Path page : pages.sorted().toList()) {
        String troff =
            asciidoctor.convert(
                Files.readString(page),
                Options.builder()
                    .backend("manpage")
                    .standalone(true)
                    .attributes(
                        Attributes.builder()
                            .attribute("mansource", COMMAND + " " + version)
                            .attribute("manmanual", COMMAND + " manual")
                            .attribute("docdate", built.toLocalDate().toString())
                            .attribute("revdate", built.toLocalDate().toString())
                            .build())
                    .build());
        String name = page.getFileName().toString().replace(".adoc", ".1.gz");
        gzip(man.resolve(name), troff);
      }
    }
    Path doc = Files.createDirectories(out.resolve("doc"));
    gzip(doc.resolve("changelog.gz"), changelog(version, args[2], built));
  }

  /** One entry per released version; the release notes themselves are on the release page. */
  static String changelog(String version, String maintainer, OffsetDateTime date) {
    String when =
        date.format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT));
    return String.join(
        "\n",
        List.of(
            COMMAND + " (" + version + ") stable; urgency=medium",
            "",
            "  * Release " + version + ".",
            "",
            " -- " + maintainer + "  " + when,
            ""));
  }

  /** gzip -9n: no file name, no time stamp, so the package is reproducible. */
  private static void gzip(Path file, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream os =
        new GZIPOutputStream(bytes) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      os.write(text.getBytes(StandardCharsets.UTF_8));
    }
    byte[] gz = bytes.toByteArray();
    // The header's XFL and OS bytes, which GZIPOutputStream leaves at 0: "maximum compression"
    // (what was used) and "Unix", as gzip -9n writes them and lintian checks.
    gz[8] = 2;
    gz[9] = 3;
    Files.write(file, gz);
  }
}
