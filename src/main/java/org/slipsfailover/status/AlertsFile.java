package org.slipsfailover.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slipsfailover.host.OneLine;

/**
 * Reads Slips' alerts.json of its newest run, as the real Slips writes it (read in its repository,
 * stratosphereips/StratosphereLinuxIPS at 1.1.21):
 *
 * <ul>
 *   <li>Where: {@code -ap} without {@code -o} writes each run into its own folder under the output
 *       folder ({@code output/<input>_<timestamp>/}). Since 1.1.20 the alerts files are in its
 *       {@code alerts/} folder ({@code slips_files/common/output_paths.py}, ALERTS_DIRNAME, used by
 *       {@code core/evidence_handler.py} for the EvidenceLogger); before, at the top of the run's
 *       folder. Slips empties {@code alerts.json} and {@code alerts.log} at each start ({@code
 *       core/evidence_logger.py} clean_file), then appends one JSON object and a newline per entry.
 *   <li>Format: since 1.1.2 ({@code slips_files/common/idmefv2.py}) each line is IDMEFv2: {@code
 *       Status} "Event" for an evidence, "Incident" for an alert; {@code StartTime} and {@code
 *       CreateTime} ISO times; {@code Description} (evidences only); {@code Source}: a list of
 *       objects keyed by the attacker's type ({@code IP}, {@code Hostname} or {@code URL}). Older
 *       Slips wrote IDEA0 ({@code slips_files/common/idea_format.py}, today used only for CESNET's
 *       Warden): {@code Format} "IDEA0", {@code DetectTime}, {@code Description}, {@code Source}
 *       with {@code IP4}/{@code IP6} lists. The issue said IDEA0; the 1.1.21 file is IDMEFv2, and
 *       both are read here.
 * </ul>
 *
 * The folder belongs to the owner and the files to a root container: links are not followed, only
 * regular files are read, and only the last {@link #TAIL_BYTES}.
 */
final class AlertsFile {
  static final int TAIL_BYTES = 256 * 1024;
  static final int LAST = 5;
  private static final int FIELD_CHARS = 300;
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertsFile() {}

  /** The newest run's alerts.json under {@code output}; {@link SlipsFindings#NONE} when none. */
  static SlipsFindings read(Path output) throws IOException {
    Optional<Path> file = find(output);
    if (file.isEmpty()) {
      return SlipsFindings.NONE;
    }
    return parse(output.relativize(file.get()).toString(), file.get());
  }

  static Optional<Path> find(Path output) throws IOException {
    if (!Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    List<Path> candidates = new ArrayList<>();
    try (Stream<Path> runs = Files.list(output)) {
      for (Path run : runs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
        Path alertsDir = run.resolve("alerts");
        if (Files.isDirectory(alertsDir, LinkOption.NOFOLLOW_LINKS)) {
          candidates.add(alertsDir.resolve("alerts.json"));
        }
        candidates.add(run.resolve("alerts.json"));
      }
    }
    candidates.add(output.resolve("alerts").resolve("alerts.json"));
    candidates.add(output.resolve("alerts.json"));
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
        .max(Comparator.comparing(AlertsFile::modified));
  }

  static SlipsFindings parse(String name, Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException(name + " is not a regular file");
    }
    byte[] tail;
    long size;
    // NOFOLLOW_LINKS on open too: a link swapped in after the check is refused, not followed.
    try (SeekableByteChannel in =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      size = in.size();
      long from = Math.max(0, size - TAIL_BYTES);
      in.position(from);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(TAIL_BYTES, size));
      while (buffer.hasRemaining() && in.read(buffer) > 0) {}
      tail = java.util.Arrays.copyOf(buffer.array(), buffer.position());
    }
    boolean complete = size <= TAIL_BYTES;
    List<String> lines = new ArrayList<>(new String(tail, StandardCharsets.UTF_8).lines().toList());
    if (!complete && !lines.isEmpty()) {
      lines.remove(0); // cut in the middle
    }
    int alerts = 0;
    int evidence = 0;
    Deque<SlipsFindings.Entry> last = new ArrayDeque<>();
    for (String line : lines) {
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        continue; // a line being written, or not JSON: not an entry
      }
      if (n == null || !n.isObject()) {
        continue;
      }
      boolean idea = "IDEA0".equals(n.path("Format").asText());
      boolean incident = "Incident".equals(n.path("Status").asText());
      if (idea || incident) {
        alerts++;
      } else if ("Event".equals(n.path("Status").asText())) {
        evidence++;
      } else {
        continue;
      }
      last.addLast(
          new SlipsFindings.Entry(
              text(first(n, "StartTime", "DetectTime", "CreateTime")),
              text(source(n.path("Source").path(0))),
              text(
                  incident
                      ? "alert: the evidence against it passed Slips' threshold"
                      : n.path("Description").asText(""))));
      if (last.size() > LAST) {
        last.removeFirst();
      }
    }
    return new SlipsFindings(
        Optional.of(name), alerts, evidence, complete, List.copyOf(last), Optional.empty());
  }

  private static String first(JsonNode n, String... fields) {
    for (String f : fields) {
      if (n.path(f).isTextual()) {
        return n.path(f).asText();
      }
    }
    return "";
  }

  /** IDMEFv2 {"IP": "1.2.3.4"} (or Hostname, URL); IDEA0 {"IP4": ["1.2.3.4"]}. */
  private static String source(JsonNode s) {
    for (String key : List.of("IP", "Hostname", "URL", "IP4", "IP6")) {
      JsonNode v = s.path(key);
      if (v.isArray()) {
        v = v.path(0);
      }
      if (v.isTextual()) {
        return v.asText();
      }
    }
    return "";
  }

  /** Untrusted: escaped for one line and cut to a sane length. */
  private static String text(String raw) {
    String cut = raw.length() > FIELD_CHARS ? raw.substring(0, FIELD_CHARS) + "..." : raw;
    return OneLine.of(cut);
  }

  private static java.nio.file.attribute.FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
