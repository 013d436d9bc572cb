package io.hyperactor.testing;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this JVM owns at one moment that a test could leave behind: its live descendant
 * processes, its live platform threads and the listening sockets it holds open.
 *
 * @param descendants live processes started by this JVM, or by them
 * @param threads live platform threads (virtual threads are not listed by the JVM)
 * @param sockets listening TCP and Unix sockets this JVM holds open
 */
record JvmResources(
    Set<ProcessHandle> descendants, Set<Thread> threads, Set<ListeningSocket> sockets) {

  /** Takes a snapshot now. */
  static JvmResources now() {
    return new JvmResources(
        ProcessHandle.current()
            .descendants()
            .filter(ProcessHandle::isAlive)
            .collect(Collectors.toUnmodifiableSet()),
        Set.copyOf(Thread.getAllStackTraces().keySet()),
        Set.copyOf(ListeningSocket.ofThisJvm()));
  }
}
