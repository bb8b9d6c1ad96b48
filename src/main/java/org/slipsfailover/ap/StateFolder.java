package org.slipsfailover.ap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slipsfailover.config.BadInputException;
import org.slipsfailover.config.InterfaceName;
import org.slipsfailover.host.RootOnlyFiles;

/**
 * A running create_ap's folder {@code <tmp>/create_ap.<wifi>.conf.XXXXXXXX} (made by {@code mktemp
 * -d}), holding {@code pid}, {@code wifi_iface} (the virtual {@code ap0} unless {@code --no-virt}),
 * {@code nat_internet_iface} in NAT mode, {@code hostapd.conf}, {@code hostapd.pid}. It tells which
 * interface a create_ap actually took, whatever its command line or config file say now, and lets
 * us find its hostapd after create_ap itself is gone.
 *
 * <p>In bridge mode ({@code -m bridge}) linux-wifi-hotspot's create_ap writes no file naming the
 * internet interface: only the line {@code bridge=<bridge>} it appends to {@code hostapd.conf}
 * (hostapd puts the AP interface into that bridge) records where clients go. The bridge is the
 * internet interface itself when that is a bridge already, else one it makes ({@code br0}, {@code
 * br1}...) with the internet interface as a port; a SIGKILLed create_ap leaves it so.
 *
 * @param wifi the wifi interface create_ap was given (from the folder's name)
 * @param pid the create_ap's pid, when its {@code pid} file is written yet
 * @param apIface the interface hostapd serves on ({@code wifi_iface}), when written and valid
 * @param natInternet {@code nat_internet_iface}, present in NAT mode
 * @param bridge the {@code bridge=} of {@code hostapd.conf}, present in bridge mode (read only when
 *     there is no {@code nat_internet_iface}: NAT mode's scan reads what it always read)
 * @param modified when an entry was last added: a folder older than a process's start is a stale
 *     one whose pid was reused
 */
record StateFolder(
    Path path,
    String wifi,
    OptionalLong pid,
    Optional<String> apIface,
    Optional<String> natInternet,
    Optional<String> bridge,
    Instant modified) {

  private static final Pattern NAME = Pattern.compile("create_ap\\.(.+)\\.conf\\.[A-Za-z0-9]{8}");

  /** The wifi interface a folder name stands for, if it is a create_ap state folder's name. */
  static Optional<String> wifiOfName(String name) {
    Matcher m = NAME.matcher(name);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * All of root's state folders in {@code tmp}; folders vanish as we read, and are then left out.
   * Anybody may create folders in /tmp: a folder that is not root's alone (owner, mode, a link in
   * its place) is skipped before anything in it is opened, and its files are read only when they
   * are root's regular files, a few KiB at most (see {@link RootOnlyFiles}).
   */
  static List<StateFolder> list(Path tmp) {
    List<StateFolder> folders = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "create_ap.*")) {
      for (Path dir : entries) {
        String name = dir.getFileName().toString();
        wifiOfName(name).flatMap(w -> read(tmp, name, w)).ifPresent(folders::add);
      }
    } catch (IOException | DirectoryIteratorException e) {
      // No tmp folder, or unreadable: no state folders to go by; processes still are.
    }
    return folders;
  }

  private static Optional<StateFolder> read(Path tmp, String name, String wifi) {
    Path dir = tmp.resolve(name);
    Optional<Instant> modified = RootOnlyFiles.folderModified(dir);
    if (modified.isEmpty()) {
      return Optional.empty();
    }
    OptionalLong pid = OptionalLong.empty();
    Optional<String> pidText = firstLine(tmp, name, "pid");
    if (pidText.isPresent()) {
      try {
        pid = OptionalLong.of(Long.parseLong(pidText.get()));
      } catch (NumberFormatException e) {
        // Half-written: no pid to go by.
      }
    }
    Optional<String> natInternet = firstLine(tmp, name, "nat_internet_iface");
    return Optional.of(
        new StateFolder(
            dir,
            wifi,
            pid,
            firstLine(tmp, name, "wifi_iface").filter(StateFolder::isInterfaceName),
            natInternet,
            natInternet.isPresent() ? Optional.empty() : bridgeOf(tmp, name),
            modified.get()));
  }

  /** A bridge mode folder (no NAT) of this wifi interface, naming its bridge. */
  boolean isBridgeModeOf(String wifiIface) {
    return wifi.equals(wifiIface) && natInternet.isEmpty() && bridge.isPresent();
  }

  /** True when a hostapd's argv names a file in this folder (its {@code hostapd.conf}). */
  boolean isNamedBy(List<String> argv) {
    String prefix = path + "/";
    return argv.stream().anyMatch(a -> a.startsWith(prefix));
  }

  /** The last {@code bridge=} line's value: create_ap appends one, after the rest of the file. */
  private static Optional<String> bridgeOf(Path tmp, String name) {
    // Byte for byte: the SSID line may hold any bytes, the bridge line is ASCII.
    Optional<String> text =
        RootOnlyFiles.read(tmp, name + "/hostapd.conf")
            .map(b -> new String(b, StandardCharsets.ISO_8859_1));
    Optional<String> bridge = Optional.empty();
    for (String line : text.map(t -> t.split("\n")).orElse(new String[0])) {
      if (line.startsWith("bridge=")) {
        bridge = Optional.of(line.substring("bridge=".length()).strip());
      }
    }
    return bridge.filter(StateFolder::isInterfaceName);
  }

  private static Optional<String> firstLine(Path tmp, String name, String file) {
    return RootOnlyFiles.read(tmp, name + "/" + file)
        .map(b -> new String(b, StandardCharsets.UTF_8).strip())
        .map(text -> text.lines().findFirst().orElse("").strip())
        .filter(s -> !s.isEmpty());
  }

  /** The name goes to {@code ip link}: only a valid interface name may. */
  private static boolean isInterfaceName(String name) {
    try {
      InterfaceName.check(name);
      return true;
    } catch (BadInputException e) {
      return false;
    }
  }
}
