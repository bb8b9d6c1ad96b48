package org.slipsfailover.notify;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slipsfailover.host.HostRoot;
import org.slipsfailover.host.RootOnlyFiles;

/**
 * The configured Apprise URLs, and the only way one is ever named to a person: its scheme and host
 * ({@code ntfy://ntfy.sh}), never its user, password, token or path. A "host" that does not look
 * like a host name (Telegram's {@code tgram://BOTTOKEN/...} puts the token there) is left out.
 */
public final class NotifyUrls {
  private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)");
  private static final Pattern HOST_NAME =
      Pattern.compile("^(localhost|[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+|\\[[0-9A-Fa-f:.]+\\])$");

  private NotifyUrls() {}

  /** {@code json://127.0.0.1}, {@code tgram://}, or {@code (not a URL)}. */
  public static String redact(String url) {
    Matcher m = URL.matcher(url.strip());
    if (!m.find()) {
      return "(not a URL)";
    }
    String authority = m.group(2);
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    String host =
        hostPort.startsWith("[")
            ? hostPort.substring(0, hostPort.indexOf(']') + 1)
            : hostPort.split(":", 2)[0];
    String scheme = m.group(1).toLowerCase(java.util.Locale.ROOT);
    return scheme + "://" + (HOST_NAME.matcher(host).matches() && host.length() <= 64 ? host : "");
  }

  /** The URLs in the config file (one a line; blank lines and # comments skipped). */
  static List<String> parse(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The file's text for {@code urls}. */
  public static String format(List<String> urls) {
    StringBuilder b =
        new StringBuilder(
            "# Apprise URLs of slips-failover's notifications, one a line (root's alone: they carry"
                + " tokens).\n# Set with: sudo slips-failover install ... --notify URL"
                + " (--notify none removes them).\n");
    urls.forEach(u -> b.append(u.strip()).append('\n'));
    return b.toString();
  }

  /**
   * The URLs configured on this host; empty when there is no file, or it is not root's alone (then
   * nothing is sent: a file someone else could write would choose where alerts go).
   */
  public static Optional<List<String>> read(HostRoot root) {
    return RootOnlyFiles.read(root.root(), URLS_RELATIVE)
        .map(b -> parse(new String(b, StandardCharsets.UTF_8)));
  }

  private static final String URLS_RELATIVE = NotifyFiles.URLS.substring(1);
}
