package io.hyperactor.it.mesh;

import static com.google.common.base.Preconditions.checkState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two "machines" on one Linux box: network namespaces {@code A} and {@code B} joined by a veth
 * pair (the link a test cuts), with the test JVM, in the root namespace, on A's side of it.
 *
 * <p>The layout, on a random private {@code 10.x.y.0/29} per instance so that several runs can
 * share a machine:
 *
 * <pre>
 *   root namespace (the test JVM, the client)  .1 ==veth== .2  namespace A  .5 ==veth (the link)== .6  namespace B
 * </pre>
 *
 * A forwards between its two links, the root namespace routes B's /30 through A, and B routes
 * everything through A. Taking the link down ({@link #cut}) separates B from both A and the client,
 * as a switch failure between two racks would; {@link #heal} brings it back. Processes are started
 * inside a namespace with {@link #command}. {@link #close} kills whatever still runs in the
 * namespaces, deletes them (which deletes their veths) and the root end of A's veth; it never
 * throws, so it can run in any {@code finally}.
 *
 * <p>Making namespaces needs root and the {@code ip} command (iproute2); {@link #create} fails with
 * a message naming what is missing. Namespaces left by a test JVM that was killed before its
 * {@code close} (their names carry its pid) are removed by the next {@link #create}.
 */
final class TwoMachineNetwork implements AutoCloseable {
  private static final String PREFIX = "hpart-";
  private static final Pattern OWNED = Pattern.compile("^" + PREFIX + "(\\d+)-([0-9a-f]+)-[ab]$");
  private static final long COMMAND_SECONDS = 20;

  private final String ip;
  private final String nsA;
  private final String nsB;
  private final String rootEnd;
  private final String linkEndA;
  private final String subnet;

  private TwoMachineNetwork(String ip, String id, String subnet) {
    this.ip = ip;
    this.nsA = PREFIX + ProcessHandle.current().pid() + "-" + id + "-a";
    this.nsB = PREFIX + ProcessHandle.current().pid() + "-" + id + "-b";
    // Interface names are at most 15 characters.
    this.rootEnd = "hp" + id + "r";
    this.linkEndA = "hp" + id + "l";
    this.subnet = subnet;
  }

  /**
   * Makes the two namespaces and their links.
   *
   * @throws IllegalStateException naming what is missing when this is not Linux, {@code ip} is not
   *     installed, the JVM does not run as root, or the kernel refuses a namespace
   */
  static TwoMachineNetwork create() throws Exception {
    checkState(
        System.getProperty("os.name", "").toLowerCase().contains("linux"),
        "the partition test needs Linux network namespaces; this is %s",
        System.getProperty("os.name"));
    String ip = findIp();
    long uid = effectiveUid();
    checkState(
        uid == 0,
        "the partition test makes network namespaces and veth pairs, which needs root (CAP_NET_ADMIN"
            + " and CAP_SYS_ADMIN); this JVM runs as uid %s. Run it as root, or disable it with"
            + " -D%s=false (docs/testing.md)",
        uid,
        PartitionIT.ENABLED_PROPERTY);
    removeStale(ip);
    String id = HexFormat.of().formatHex(randomBytes(3));
    TwoMachineNetwork net = new TwoMachineNetwork(ip, id, freeSubnet(ip));
    try {
      net.build();
      return net;
    } catch (Exception e) {
      net.close();
      throw e;
    }
  }

  private void build() throws Exception {
    run(ip, "netns", "add", nsA);
    run(ip, "netns", "add", nsB);
    run(ip, "-n", nsA, "link", "set", "lo", "up");
    run(ip, "-n", nsB, "link", "set", "lo", "up");
    // The client's link: root namespace <-> A.
    run(ip, "link", "add", rootEnd, "type", "veth", "peer", "name", "hp-a-root", "netns", nsA);
    run(ip, "addr", "add", clientAddress() + "/30", "dev", rootEnd);
    run(ip, "link", "set", rootEnd, "up");
    run(ip, "-n", nsA, "addr", "add", hostAddressA() + "/30", "dev", "hp-a-root");
    run(ip, "-n", nsA, "link", "set", "hp-a-root", "up");
    // The link between the machines: A <-> B.
    run(ip, "-n", nsA, "link", "add", linkEndA, "type", "veth", "peer", "name", "hp-b-a", "netns", nsB);
    run(ip, "-n", nsA, "addr", "add", subnet + ".5/30", "dev", linkEndA);
    run(ip, "-n", nsA, "link", "set", linkEndA, "up");
    run(ip, "-n", nsB, "addr", "add", hostAddressB() + "/30", "dev", "hp-b-a");
    run(ip, "-n", nsB, "link", "set", "hp-b-a", "up");
    // A routes between the client and B; forwarding is a setting of A's namespace only.
    run(ip, "netns", "exec", nsA, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    run(ip, "route", "add", subnet + ".4/30", "via", hostAddressA(), "dev", rootEnd);
    run(ip, "-n", nsB, "route", "add", "default", "via", subnet + ".5");
  }

  /** The client's address, in the root namespace. */
  String clientAddress() {
    return subnet + ".1";
  }

  /** Host A's address, in namespace A. */
  String hostAddressA() {
    return subnet + ".2";
  }

  /** Host B's address, in namespace B. */
  String hostAddressB() {
    return subnet + ".6";
  }

  /** Namespace A's name. */
  String namespaceA() {
    return nsA;
  }

  /** Namespace B's name. */
  String namespaceB() {
    return nsB;
  }

  /** The command prefix that runs a program inside {@code namespace}. */
  List<String> command(String namespace) {
    return List.of(ip, "netns", "exec", namespace);
  }

  /**
   * Takes the link between A and B down, on A's end: B's end loses its carrier, so B can reach
   * neither A nor the client, and neither can reach B.
   */
  void cut() throws Exception {
    run(ip, "-n", nsA, "link", "set", linkEndA, "down");
  }

  /** Brings the link between A and B back up (the kernel restores A's route to B with it). */
  void heal() throws Exception {
    run(ip, "-n", nsA, "link", "set", linkEndA, "up");
  }

  /** Kills what still runs in the namespaces, and deletes them and the root end of A's veth. */
  @Override
  public void close() {
    for (String ns : List.of(nsB, nsA)) {
      deleteNamespace(ip, ns);
    }
    // The pair dies with namespace A; this is for the case where A's creation failed half-way.
    deleteRootEnd(ip, rootEnd);
  }

  @Override
  public String toString() {
    return "namespaces " + nsA + " (" + hostAddressA() + ") and " + nsB + " (" + hostAddressB()
        + "), client at " + clientAddress();
  }

  private static void deleteNamespace(String ip, String ns) {
    if (!namespaces(ip).contains(ns)) {
      return;
    }
    // Processes keep a namespace alive after its name is gone: end them first.
    for (String pid : lines(tryRun(ip, "netns", "pids", ns))) {
      ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
    }
    tryRun(ip, "netns", "del", ns);
  }

  private static void deleteRootEnd(String ip, String name) {
    // "ip -o link" lines read "7: NAME@if6: <...>".
    if (tryRun(ip, "-o", "link", "show").contains(" " + name + "@")) {
      tryRun(ip, "link", "del", name);
    }
  }

  /** Deletes the namespaces of test JVMs that are gone. */
  private static void removeStale(String ip) {
    for (String ns : namespaces(ip)) {
      Matcher m = OWNED.matcher(ns);
      if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
        deleteNamespace(ip, ns);
        deleteRootEnd(ip, "hp" + m.group(2) + "r");
      }
    }
  }

  private static List<String> namespaces(String ip) {
    List<String> out = new ArrayList<>();
    for (String line : lines(tryRun(ip, "netns", "list"))) {
      // Lines look like "name" or "name (id: 3)".
      out.add(line.trim().split("\\s+")[0]);
    }
    return out;
  }

  /** A 10.x.y.0/29 that no route of the root namespace touches. */
  private static String freeSubnet(String ip) throws Exception {
    String routes = run(ip, "-4", "route", "show", "table", "all");
    for (int attempt = 0; attempt < 100; attempt++) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      String candidate = "10." + r.nextInt(64, 255) + "." + r.nextInt(0, 256);
      if (!routes.contains(candidate + ".")) {
        return candidate;
      }
    }
    throw new IllegalStateException("found no free 10.x.y.0/29 subnet in 100 tries; routes:\n" + routes);
  }

  private static String findIp() {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      Path p = Path.of(dir, "ip");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(
        "the partition test needs the 'ip' command (iproute2) to make network namespaces; it is"
            + " not in /usr/sbin, /sbin, /usr/bin or /bin. Install iproute2, or disable the test"
            + " with -D"
            + PartitionIT.ENABLED_PROPERTY
            + "=false (docs/testing.md)");
  }

  private static long effectiveUid() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("Uid:")) {
        // Real, effective, saved, filesystem.
        return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
      }
    }
    throw new IllegalStateException("/proc/self/status has no Uid line");
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static List<String> lines(String text) {
    return text.lines().filter(l -> !l.isBlank()).toList();
  }

  /** Runs {@code command}; its output, or an exception with the command and its output. */
  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IllegalStateException(
          "'" + String.join(" ", command) + "' did not finish in " + COMMAND_SECONDS + " s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          "'" + String.join(" ", command) + "' failed with exit code " + p.exitValue() + ": " + out.trim());
    }
    return out;
  }

  /** As {@link #run}, for clean-up: a failure is printed and yields empty output. */
  private static String tryRun(String... command) {
    try {
      return run(command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } catch (Exception e) {
      System.err.println("TwoMachineNetwork: " + e.getMessage());
      return "";
    }
  }
}
