package io.hyperactor.testing;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A listening socket that this JVM holds open: a TCP port or a Unix domain socket.
 *
 * <p>Read from Linux's {@code /proc}: the sockets among this process's open file descriptors
 * ({@code /proc/self/fd}), matched by inode against the listening entries of {@code
 * /proc/self/net/tcp}, {@code tcp6} and {@code unix}. Sockets of other processes are never seen.
 * On a system without {@code /proc} there are none. The JVM's own attach listener ({@code
 * .java_pid<pid>}, which the JVM opens when a tool such as {@code jstack} or {@code jcmd} first
 * attaches, and keeps until it exits) is not counted: no code under test opened it.
 *
 * @param inode the socket's inode, which identifies it while it is open
 * @param kind {@code TCP} or {@code Unix}
 * @param address {@code 127.0.0.1:4567}, {@code [::]:80}, {@code @abstract-name}, a socket file's
 *     path, or {@code (unnamed)}
 */
record ListeningSocket(long inode, String kind, String address) {
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final Path NET = Path.of("/proc/self/net");
  private static final String TCP_LISTEN = "0A";
  private static final long SO_ACCEPTCON = 0x10000;
  private static final String ATTACH_LISTENER = ".java_pid" + ProcessHandle.current().pid();

  /** True for a Unix socket bound to a path in the file system. */
  boolean isFile() {
    return kind.equals("Unix") && address.startsWith("/");
  }

  @Override
  public String toString() {
    return "listening " + kind + " socket " + address;
  }

  /** The listening sockets this JVM holds open now. */
  static Set<ListeningSocket> ofThisJvm() {
    Set<Long> own = ownSocketInodes();
    Set<ListeningSocket> sockets = new HashSet<>();
    if (own.isEmpty()) {
      return sockets;
    }
    readTcp(NET.resolve("tcp"), own, sockets);
    readTcp(NET.resolve("tcp6"), own, sockets);
    readUnix(NET.resolve("unix"), own, sockets);
    return sockets;
  }

  private static Set<Long> ownSocketInodes() {
    Set<Long> inodes = new HashSet<>();
    if (!Files.isDirectory(FDS)) {
      return inodes;
    }
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(FDS)) {
      for (Path fd : fds) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed since the listing
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          inodes.add(Long.parseLong(target.substring("socket:[".length(), target.length() - 1)));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + FDS + ": " + e, e);
    }
    return inodes;
  }

  private static List<String> lines(Path table) {
    try {
      return Files.readAllLines(table);
    } catch (NoSuchFileException e) {
      return List.of(); // no IPv6, say
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + table + ": " + e, e);
    }
  }

  // "  sl  local_address rem_address   st ... uid  timeout inode ..."
  private static void readTcp(Path table, Set<Long> own, Set<ListeningSocket> out) {
    List<String> lines = lines(table);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(TCP_LISTEN)) {
        continue;
      }
      long inode = Long.parseLong(f[9]);
      if (own.contains(inode)) {
        out.add(new ListeningSocket(inode, "TCP", tcpAddress(f[1])));
      }
    }
  }

  // "Num       RefCount Protocol Flags    Type St Inode Path"
  private static void readUnix(Path table, Set<Long> own, Set<ListeningSocket> out) {
    List<String> lines = lines(table);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+", 8);
      if (f.length < 7 || (Long.parseLong(f[3], 16) & SO_ACCEPTCON) == 0) {
        continue;
      }
      long inode = Long.parseLong(f[6]);
      String address = f.length > 7 ? f[7] : "(unnamed)";
      if (own.contains(inode) && !isAttachListener(address)) {
        out.add(new ListeningSocket(inode, "Unix", address));
      }
    }
  }

  /**
   * Whether {@code address} is this JVM's attach listener: bound as {@code .java_pid<pid>.tmp} in
   * the JVM's temporary directory and renamed to {@code .java_pid<pid>}.
   */
  private static boolean isAttachListener(String address) {
    String name = address.substring(address.lastIndexOf('/') + 1);
    return name.equals(ATTACH_LISTENER) || name.equals(ATTACH_LISTENER + ".tmp");
  }

  /** {@code 0100007F:1F90} to {@code 127.0.0.1:8080}; the address is in 32-bit host-order words. */
  private static String tcpAddress(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    byte[] bytes = new byte[parts[0].length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = (word * 4 + b) * 2;
        bytes[word * 4 + 3 - b] = (byte) Integer.parseInt(parts[0].substring(at, at + 2), 16);
      }
    }
    try {
      // An IPv4-mapped IPv6 address (a dual-stack socket bound to 127.0.0.1) comes back as IPv4.
      InetAddress address = InetAddress.getByAddress(bytes);
      String host = address.getHostAddress();
      return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    } catch (UnknownHostException e) {
      return hex;
    }
  }
}
