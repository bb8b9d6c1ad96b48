package org.slipsfailover.ap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a process's argv the way create_ap (linux-wifi-hotspot) reads its own, to tell which
 * interfaces it serves, or that it is no access point at all. Pure: the config file, the only
 * outside fact, comes in through a function.
 *
 * <p>create_ap parses with GNU {@code getopt -o hc:w:g:de:nm: -l ...}: options may stand before,
 * between or after the positionals {@code <wifi> [<internet>] [<ssid> [<passphrase>]]}, long
 * options may be abbreviated, {@code --} ends the options. Several options make it do something
 * else and exit (help, --stop, --list-running...): such a process never serves an AP.
 */
public final class CreateApCommandLine {

  /** The basename a create_ap script must have; anything else is a look-alike. */
  static final String SCRIPT_NAME = "create_ap";

  private static final String SHORT_WITH_VALUE = "cwgem";
  private static final String SHORT_FLAGS = "hdn";

  private static final Set<String> LONG_WITH_VALUE =
      Set.of(
          "hostapd-debug",
          "mac-filter-accept",
          "ht_capab",
          "vht_capab",
          "driver",
          "country",
          "freq-band",
          "mac",
          "dhcp-dns",
          "pidfile",
          "logfile",
          "dns-logfile",
          "stop",
          "list-clients",
          "mkconfig",
          "config",
          "dhcp-hosts");

  private static final Set<String> LONG_FLAGS =
      Set.of(
          "help",
          "hidden",
          "hostapd-timestamps",
          "redirect-to-localhost",
          "mac-filter",
          "isolate-clients",
          "ieee80211n",
          "ieee80211ac",
          "ieee80211ax",
          "no-virt",
          "fix-unmanaged",
          "daemon",
          "list",
          "list-running",
          "version",
          "psk",
          "no-haveged",
          "no-dns",
          "no-dnsmasq");

  /** Options after which create_ap does something else (or nothing) and exits. */
  private static final Set<String> NOT_AN_AP =
      Set.of(
          "-h",
          "help",
          "version",
          "stop",
          "list",
          "list-running",
          "list-clients",
          "fix-unmanaged",
          "mkconfig");

  private static final Set<String> SHARE_METHODS = Set.of("nat", "bridge", "none");

  private CreateApCommandLine() {}

  /**
   * The interfaces an access point run by this command line serves.
   *
   * @param internet empty when it shares no Internet ({@code -n}, {@code -m none})
   */
  public record ApInterfaces(String wifi, Optional<String> internet) {}

  /**
   * The arguments given to the create_ap script, when this argv runs one: {@code [/usr/]bin/bash
   * [bash options] <dir>/create_ap ARGS}, {@code /usr/bin/env bash <dir>/create_ap ARGS} (the
   * moment between env and bash), or {@code <dir>/create_ap ARGS} itself.
   *
   * @param executable the basename of the process's executable ({@code /proc/<pid>/exe}); when
   *     known it must agree with argv[0], so that {@code exec -a bash sleep ...} or a renamed copy
   *     of another program is no create_ap. Unknown (only root may read it for root's processes),
   *     argv alone decides for the interpreter forms: missing an AP is the worse mistake. A bare
   *     {@code create_ap} at argv[0] always needs it, as that is the {@code exec -a} look-alike.
   */
  public static Optional<List<String>> scriptArguments(
      List<String> argv, Optional<String> executable) {
    if (argv.isEmpty()) {
      return Optional.empty();
    }
    String first = basename(argv.get(0));
    if (first.equals(SCRIPT_NAME)) {
      // A script run through its shebang shows the interpreter first; create_ap itself at argv[0]
      // happens only when bash (or a create_ap executable) was started under that name.
      return executable.filter(e -> e.equals("bash") || e.equals(SCRIPT_NAME)).isPresent()
          ? Optional.of(argv.subList(1, argv.size()))
          : Optional.empty();
    }
    int interpreter;
    if (first.equals("bash") && executable.map("bash"::equals).orElse(true)) {
      interpreter = 0;
    } else if (first.equals("env")
        && argv.size() > 1
        && basename(argv.get(1)).equals("bash")
        && executable.map("env"::equals).orElse(true)) {
      interpreter = 1;
    } else {
      return Optional.empty();
    }
    int script = skipBashOptions(argv, interpreter + 1);
    if (script < 0 || script >= argv.size() || !basename(argv.get(script)).equals(SCRIPT_NAME)) {
      return Optional.empty();
    }
    return Optional.of(argv.subList(script + 1, argv.size()));
  }

  /**
   * Index of bash's script operand, or -1 when bash runs no script file ({@code -c} command string,
   * {@code -s} standard input): {@code bash -c "echo create_ap wlan0 eth0"} is no AP.
   */
  private static int skipBashOptions(List<String> argv, int from) {
    int i = from;
    while (i < argv.size()) {
      String arg = argv.get(i);
      if (arg.equals("--") || arg.equals("-")) {
        return i + 1;
      }
      if (arg.startsWith("--")) {
        i += arg.equals("--rcfile") || arg.equals("--init-file") ? 2 : 1;
      } else if ((arg.startsWith("-") || arg.startsWith("+")) && arg.length() > 1) {
        String letters = arg.substring(1);
        if (letters.contains("c") || letters.contains("s")) {
          return -1;
        }
        // -o NAME and -O NAME take the next word; one per letter.
        i += 1 + (int) letters.chars().filter(c -> c == 'o' || c == 'O').count();
      } else {
        return i;
      }
    }
    return -1;
  }

  /**
   * The interfaces create_ap serves when started with these script arguments, or empty when it
   * would serve none (a query, a stop, a usage error).
   *
   * @param configLines reads a {@code --config} file by the path as written on the command line;
   *     empty when it is missing or unreadable (create_ap then exits)
   */
  public static Optional<ApInterfaces> interfaces(
      List<String> args, Function<String, Optional<List<String>>> configLines) {
    // create_ap loads the first literal "--config FILE" before getopt runs.
    Map<String, String> config = Map.of();
    int at = args.indexOf("--config");
    if (at >= 0) {
      if (at + 1 >= args.size()) {
        return Optional.empty();
      }
      Optional<List<String>> lines = configLines.apply(args.get(at + 1));
      if (lines.isEmpty()) {
        return Optional.empty();
      }
      config = CreateApConfig.parse(lines.get());
    }
    Optional<Options> parsed = Options.parse(args);
    if (parsed.isEmpty() || parsed.get().exits) {
      return Optional.empty();
    }
    Options options = parsed.get();
    String share = options.shareMethod.orElse(config.getOrDefault("SHARE_METHOD", "nat"));
    List<String> positionals = options.positionals;
    if (at >= 0 && positionals.isEmpty()) {
      // Only when the command line names no interface does create_ap take them from the file,
      // in this order, skipping empty ones.
      positionals = new ArrayList<>();
      for (String key : List.of("WIFI_IFACE", "INTERNET_IFACE", "SSID", "PASSPHRASE")) {
        String value = config.getOrDefault(key, "");
        if (!value.isEmpty()) {
          positionals.add(value);
        }
      }
    }
    return serving(positionals, share);
  }

  private static Optional<ApInterfaces> serving(List<String> positionals, String share) {
    int n = positionals.size();
    if (!SHARE_METHODS.contains(share) || n == 0 || positionals.get(0).isEmpty()) {
      return Optional.empty();
    }
    String wifi = positionals.get(0);
    if (share.equals("none")) {
      return n <= 3 ? Optional.of(new ApInterfaces(wifi, Optional.empty())) : Optional.empty();
    }
    // With Internet sharing: exactly <wifi> <internet>, plus optionally SSID and passphrase.
    if (n < 2 || n > 4 || positionals.get(1).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new ApInterfaces(wifi, Optional.of(positionals.get(1))));
  }

  static String basename(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** The getopt pass: what is an option, what is a positional. */
  private static final class Options {
    private final List<String> positionals = new ArrayList<>();
    private Optional<String> shareMethod = Optional.empty();
    private boolean exits;

    /** Empty when getopt would reject the arguments (create_ap then exits). */
    static Optional<Options> parse(List<String> args) {
      Options options = new Options();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        int consumed;
        if (arg.equals("--")) {
          options.positionals.addAll(args.subList(i + 1, args.size()));
          break;
        } else if (arg.startsWith("--")) {
          consumed = options.longOption(arg.substring(2), args, i);
        } else if (arg.startsWith("-") && arg.length() > 1) {
          consumed = options.shortOptions(arg.substring(1), args, i);
        } else {
          options.positionals.add(arg);
          consumed = 0;
        }
        if (consumed < 0) {
          return Optional.empty();
        }
        i += consumed;
      }
      return Optional.of(options);
    }

    /** Returns how many following words it took, or -1 on a getopt error. */
    private int longOption(String text, List<String> args, int i) {
      int eq = text.indexOf('=');
      String typed = eq < 0 ? text : text.substring(0, eq);
      Optional<String> name = resolveLong(typed);
      if (name.isEmpty()) {
        return -1;
      }
      if (LONG_FLAGS.contains(name.get())) {
        if (eq >= 0) {
          return -1;
        }
        apply(name.get(), "");
        return 0;
      }
      if (eq >= 0) {
        apply(name.get(), text.substring(eq + 1));
        return 0;
      }
      if (i + 1 >= args.size()) {
        return -1;
      }
      apply(name.get(), args.get(i + 1));
      return 1;
    }

    /** getopt_long takes an exact name, or else an unambiguous abbreviation. */
    private static Optional<String> resolveLong(String typed) {
      if (typed.isEmpty()) {
        return Optional.empty();
      }
      if (LONG_FLAGS.contains(typed) || LONG_WITH_VALUE.contains(typed)) {
        return Optional.of(typed);
      }
      List<String> matches = new ArrayList<>();
      for (Set<String> names : List.of(LONG_FLAGS, LONG_WITH_VALUE)) {
        names.stream().filter(n -> n.startsWith(typed)).forEach(matches::add);
      }
      return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    private int shortOptions(String cluster, List<String> args, int i) {
      for (int j = 0; j < cluster.length(); j++) {
        char c = cluster.charAt(j);
        if (SHORT_FLAGS.indexOf(c) >= 0) {
          apply("-" + c, "");
        } else if (SHORT_WITH_VALUE.indexOf(c) >= 0) {
          if (j + 1 < cluster.length()) {
            apply("-" + c, cluster.substring(j + 1));
            return 0;
          }
          if (i + 1 >= args.size()) {
            return -1;
          }
          apply("-" + c, args.get(i + 1));
          return 1;
        } else {
          return -1;
        }
      }
      return 0;
    }

    private void apply(String name, String value) {
      if (NOT_AN_AP.contains(name)) {
        exits = true;
      } else if (name.equals("-n")) {
        shareMethod = Optional.of("none");
      } else if (name.equals("-m")) {
        shareMethod = Optional.of(value);
      }
    }
  }
}
