package io.hyperactor.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit Jupiter extension that fails a test class which leaves a process, a thread, a listening
 * socket or a socket file behind.
 *
 * <p>Before a class's first test it takes a snapshot of what the JVM owns ({@link JvmResources});
 * after the class's {@code @AfterAll} methods it compares the JVM with that snapshot. Only this
 * JVM's own resources are looked at: its descendant processes, its threads, the listening sockets
 * among its open file descriptors, and the socket files of Unix sockets it was seen listening on
 * after a test. Whatever is new and still there after a grace period ({@value
 * #GRACE_PARAMETER}, 15 s by default, for resources that a closing test releases asynchronously)
 * is a leftover ({@link Leftovers}): the check kills leftover processes, so that one leak does not
 * spill into the next class, and fails the class with one line per leftover.
 *
 * <p>Every module's tests get it through a test-scoped dependency on this module: {@code
 * META-INF/services} registers it, and the build turns on JUnit's extension auto-detection. It
 * assumes the test classes of a JVM run one at a time, as they do in this build.
 */
public final class LeftoverCheck implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** JUnit configuration parameter: the grace period in milliseconds. */
  public static final String GRACE_PARAMETER = "hyperactor.leftovers.grace.ms";

  private static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);
  private static final long POLL_MILLIS = 50;
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LeftoverCheck.class);
  private static final String BEFORE = "before";
  private static final String SOCKET_FILES_SEEN = "socketFilesSeen";

  /** Called by JUnit's extension auto-detection. */
  public LeftoverCheck() {}

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    store.put(BEFORE, JvmResources.now());
    store.put(SOCKET_FILES_SEEN, ConcurrentHashMap.<Path>newKeySet());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    // A socket file can only be attributed to this JVM while its socket is open, so note the open
    // ones between tests; afterAll checks that their files went away with them.
    noteSocketFiles(context, ListeningSocket.ofThisJvm());
  }

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    JvmResources before = store.get(BEFORE, JvmResources.class);
    if (before == null) {
      return; // beforeAll did not run
    }
    Duration grace = grace(context);
    long deadline = System.nanoTime() + grace.toNanos();
    Leftovers leftovers;
    while (true) {
      JvmResources now = JvmResources.now();
      noteSocketFiles(context, now.sockets());
      leftovers = Leftovers.between(before, now, socketFilesSeen(context));
      if (leftovers.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        break;
      }
      Thread.sleep(POLL_MILLIS);
    }
    String described = leftovers.describe();
    boolean killed = !leftovers.processes().isEmpty();
    leftovers.killProcesses();
    throw new AssertionError(
        String.format(
            "%s left these behind, still there %s ms after its last test%s:%n%s",
            context.getRequiredTestClass().getName(),
            grace.toMillis(),
            killed ? " (the processes are now killed)" : "",
            described));
  }

  private static void noteSocketFiles(ExtensionContext context, Set<ListeningSocket> sockets) {
    Set<Path> seen = socketFilesSeen(context);
    for (ListeningSocket socket : sockets) {
      if (socket.isFile()) {
        seen.add(Path.of(socket.address()));
      }
    }
  }

  @SuppressWarnings("unchecked") // put by beforeAll as a Set<Path>
  private static Set<Path> socketFilesSeen(ExtensionContext context) {
    Set<Path> seen = context.getStore(NAMESPACE).get(SOCKET_FILES_SEEN, Set.class);
    return seen == null ? ConcurrentHashMap.newKeySet() : seen;
  }

  private static Duration grace(ExtensionContext context) {
    return context
        .getConfigurationParameter(GRACE_PARAMETER)
        .map(
            millis -> {
              try {
                return Duration.ofMillis(Long.parseLong(millis.strip()));
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                    String.format(
                        "configuration parameter %s must be a number of milliseconds, got '%s'",
                        GRACE_PARAMETER, millis),
                    e);
              }
            })
        .orElse(DEFAULT_GRACE);
  }
}
