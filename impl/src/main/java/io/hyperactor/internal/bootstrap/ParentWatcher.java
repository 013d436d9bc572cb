package io.hyperactor.internal.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a child process when its parent goes away, and relays the parent's stop requests.
 *
 * <p>The JVM has no parent-death signal, so two watchers stand in for it. The parent holds the
 * write end of the child's stdin; the kernel closes it when the parent dies, even by SIGKILL, so
 * end of input means the parent is gone. {@link ProcessHandle#onExit()} on the parent catches the
 * same event by polling the process table, should stdin have been inherited elsewhere. Either way
 * the child halts at once with {@link BootstrapProtocol#PARENT_GONE_EXIT_CODE}: there is nobody
 * left to report to, and shutdown hooks could block.
 */
final class ParentWatcher {
  private static final Logger log = LoggerFactory.getLogger(ParentWatcher.class);

  private ParentWatcher() {}

  /**
   * Starts watching: {@code onStop} gets the reason of each {@code stop} line on {@code control};
   * {@code halt} is called once the parent is gone. Assign lines are ignored with a warning.
   */
  static void start(InputStream control, Consumer<String> onStop, IntConsumer halt) {
    start(
        control,
        onStop,
        line -> log.warn("ignoring an assignment: this child is not a pool member"),
        halt);
  }

  /** As {@link #start(InputStream, Consumer, IntConsumer)}; {@code onAssign} gets assign lines. */
  static void start(
      InputStream control, Consumer<String> onStop, Consumer<String> onAssign, IntConsumer halt) {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (parent.isEmpty() || !parent.get().isAlive()) {
      log.error("parent process is already gone; exiting");
      halt.accept(BootstrapProtocol.PARENT_GONE_EXIT_CODE);
      return;
    }
    ProcessHandle parentHandle = parent.get();
    long parentPid = parentHandle.pid();
    parentHandle
        .onExit()
        .thenRun(
            () -> {
              // The completion can also fire while this JVM shuts down; only a dead parent counts.
              if (!parentHandle.isAlive()) {
                log.error("parent process {} exited; exiting", parentPid);
                halt.accept(BootstrapProtocol.PARENT_GONE_EXIT_CODE);
              }
            });
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(control, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  String reason = BootstrapProtocol.parseStop(line);
                  if (reason != null) {
                    onStop.accept(reason);
                  } else if (BootstrapProtocol.isAssign(line)) {
                    onAssign.accept(line);
                  } else {
                    log.warn("ignoring unknown control line '{}' from the parent", line);
                  }
                }
              } catch (IOException e) {
                log.warn("reading the parent's control stream failed: {}", e.toString());
              }
              log.error("control stream from parent process {} closed; exiting", parentPid);
              halt.accept(BootstrapProtocol.PARENT_GONE_EXIT_CODE);
            },
            "hyperactor-parent-watcher");
    reader.setDaemon(true);
    reader.start();
  }
}
