package io.hyperactor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What a test class left behind: the processes, threads and listening sockets that exist now but
 * did not when the class started, and the socket files whose sockets are closed but whose files
 * remain.
 *
 * <p>Threads count when they are not daemons (they would keep the JVM alive), or when they are
 * runtime threads, named {@value #RUNTIME_THREAD_PREFIX}..., except the pools that live as long as
 * the JVM by design ({@link #JVM_LIFETIME_THREAD_PREFIXES}) and the test framework's own threads
 * ({@link #TEST_FRAMEWORK_THREAD_PREFIXES}).
 *
 * @param processes live descendant processes started since
 * @param threads live threads started since that count
 * @param sockets listening sockets opened since and still open
 * @param socketFiles socket files that remain after their sockets closed
 */
record Leftovers(
    List<ProcessHandle> processes,
    List<Thread> threads,
    List<ListeningSocket> sockets,
    List<Path> socketFiles) {

  /** The prefix of every thread the runtime names. */
  static final String RUNTIME_THREAD_PREFIX = "hyperactor-";

  /**
   * Runtime threads that outlive every test by design: those of the runtime services the runtime's
   * own tests share ({@code TestServices.shared()}, named {@value #SHARED_TEST_SERVICES}), started
   * once per test JVM. Every actor system stops its threads when it closes, so no other runtime
   * thread is exempt.
   */
  static final List<String> JVM_LIFETIME_THREAD_PREFIXES =
      List.of(
          "hyperactor-dispatcher-" + Leftovers.SHARED_TEST_SERVICES + "-",
          "hyperactor-scheduler-" + Leftovers.SHARED_TEST_SERVICES);

  /** The name of the runtime services the runtime's own tests share. */
  static final String SHARED_TEST_SERVICES = "shared-test";

  /**
   * Threads JUnit starts for itself and stops when the run ends, such as the {@code @Timeout}
   * watcher, which the first class with a timeout starts.
   */
  static final List<String> TEST_FRAMEWORK_THREAD_PREFIXES = List.of("junit-");

  /**
   * The difference between {@code before} and {@code now}; {@code socketFilesSeen} are the paths of
   * file-system sockets seen open in between.
   */
  static Leftovers between(JvmResources before, JvmResources now, Set<Path> socketFilesSeen) {
    String attachListener = ".java_pid" + ProcessHandle.current().pid();
    List<ProcessHandle> processes =
        now.descendants().stream()
            .filter(p -> !before.descendants().contains(p) && p.isAlive())
            .sorted(Comparator.comparingLong(ProcessHandle::pid))
            .toList();
    List<Thread> threads =
        now.threads().stream()
            .filter(t -> !before.threads().contains(t) && counts(t))
            .sorted(Comparator.comparing(Thread::getName))
            .toList();
    List<ListeningSocket> sockets =
        now.sockets().stream()
            .filter(s -> !before.sockets().contains(s))
            .filter(s -> !s.address().endsWith("/" + attachListener))
            .sorted(Comparator.comparing(ListeningSocket::address))
            .toList();
    Set<String> open =
        now.sockets().stream()
            .filter(ListeningSocket::isFile)
            .map(ListeningSocket::address)
            .collect(Collectors.toSet());
    before.sockets().stream()
        .filter(ListeningSocket::isFile)
        .forEach(s -> open.add(s.address()));
    List<Path> files =
        socketFilesSeen.stream()
            .filter(p -> !open.contains(p.toString()))
            .filter(p -> !p.getFileName().toString().equals(attachListener))
            .filter(Leftovers::isSocketFile)
            .sorted()
            .toList();
    return new Leftovers(processes, threads, sockets, files);
  }

  private static boolean counts(Thread thread) {
    if (!thread.isAlive()
        || TEST_FRAMEWORK_THREAD_PREFIXES.stream().anyMatch(thread.getName()::startsWith)) {
      return false;
    }
    if (!thread.isDaemon()) {
      return true;
    }
    String name = thread.getName();
    return name.startsWith(RUNTIME_THREAD_PREFIX)
        && JVM_LIFETIME_THREAD_PREFIXES.stream().noneMatch(name::startsWith);
  }

  private static boolean isSocketFile(Path path) {
    try {
      // A socket is neither a regular file, a directory nor a link.
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isOther();
    } catch (IOException e) {
      return false; // gone
    }
  }

  boolean isEmpty() {
    return processes.isEmpty() && threads.isEmpty() && sockets.isEmpty() && socketFiles.isEmpty();
  }

  /** One line per leftover. */
  String describe() {
    List<String> lines = new ArrayList<>();
    for (ProcessHandle p : processes) {
      String command =
          p.info().commandLine().or(() -> p.info().command()).orElse("(command unknown)");
      if (command.length() > 300) {
        command = command.substring(0, 300) + "...";
      }
      lines.add("process " + p.pid() + ": " + command);
    }
    for (Thread t : threads) {
      lines.add(
          String.format(
              "thread \"%s\" (%s, %s)",
              t.getName(), t.isDaemon() ? "daemon" : "not a daemon", t.getState()));
    }
    for (ListeningSocket s : sockets) {
      lines.add(s.toString());
    }
    for (Path f : socketFiles) {
      lines.add("socket file " + f + ", whose socket is closed");
    }
    return lines.stream().map(l -> "  " + l).collect(Collectors.joining("\n"));
  }

  /** Kills the leftover processes, so that one leak does not spill into the next class. */
  void killProcesses() {
    for (ProcessHandle p : processes) {
      p.destroyForcibly();
    }
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // Reported already; a process that survives SIGKILL for 10 s is the kernel's business.
      }
    }
  }
}
