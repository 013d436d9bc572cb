package io.hyperactor.internal.agent;

import com.google.common.collect.ImmutableList;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.hyperactor.ActorCell;
import io.hyperactor.Proc;
import io.hyperactor.debug.ThreadDumpResult;
import io.hyperactor.debug.ThreadStack;
import io.hyperactor.id.ActorId;
import io.hyperactor.internal.Procs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Takes a thread dump of the whole process, virtual threads included, and names the actor each
 * thread runs.
 *
 * <p>{@code Thread.getAllStackTraces()} does not see virtual threads, on which blocking and system
 * actors run, so the dump goes through {@link HotSpotDiagnosticMXBean#dumpThreads} into a
 * temporary file that is parsed and deleted. An actor's virtual loop thread is named after its
 * actor id; a dispatcher pool worker is linked to the actor whose activation it runs at the time
 * of the dump. Either way the dump names the actor (and its current status) on this proc.
 */
final class ThreadDumper {
  private static final Pattern HEADER = Pattern.compile("^#(\\d+) \"(.*)\"(.*)$");

  private ThreadDumper() {}

  static ThreadDumpResult dump(Proc proc) {
    long pid = ProcessHandle.current().pid();
    Instant now = Instant.now();
    Path dir = null;
    Path file = null;
    try {
      dir = Files.createTempDirectory("hyperactor-thread-dump");
      file = dir.resolve("threads.txt");
      HotSpotDiagnosticMXBean bean =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      bean.dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
      return new ThreadDumpResult(pid, now, parse(Files.readAllLines(file), proc), null);
    } catch (IOException | RuntimeException e) {
      return new ThreadDumpResult(
          pid, now, ImmutableList.of(), "thread dump of pid " + pid + " failed: " + e);
    } finally {
      deleteQuietly(file);
      deleteQuietly(dir);
    }
  }

  /** Parses the plain-text dump: a {@code #tid "name" ...} header, then indented frame lines. */
  static ImmutableList<ThreadStack> parse(List<String> lines, Proc proc) {
    ImmutableList.Builder<ThreadStack> out = ImmutableList.builder();
    Matcher current = null;
    List<String> frames = new ArrayList<>();
    for (String line : lines) {
      Matcher m = HEADER.matcher(line);
      if (m.matches()) {
        if (current != null) {
          out.add(build(current, frames, proc));
        }
        current = m;
        frames = new ArrayList<>();
      } else if (current != null && line.startsWith(" ") && !line.isBlank()) {
        frames.add(line.strip());
      }
    }
    if (current != null) {
      out.add(build(current, frames, proc));
    }
    return out.build();
  }

  private static ThreadStack build(Matcher header, List<String> frames, Proc proc) {
    long tid = Long.parseLong(header.group(1));
    String name = header.group(2);
    boolean virtual = false;
    String state = "";
    for (String token : header.group(3).trim().split("\\s+")) {
      if (token.equals("virtual")) {
        virtual = true;
      } else if (!token.isEmpty()
          && token.chars().allMatch(c -> c == '_' || Character.isUpperCase(c))) {
        state = token;
      }
    }
    String actorId = null;
    String actorStatus = null;
    Optional<ActorCell> cell = actorOf(name, proc);
    if (cell.isEmpty()) {
      cell =
          Procs.services(proc).dispatcher().actorRunningOn(tid).flatMap(proc::getInstance);
    }
    if (cell.isPresent()) {
      actorId = cell.get().actorId().toString();
      actorStatus = cell.get().status().toString();
    }
    return new ThreadStack(
        tid, name, virtual, state, actorId, actorStatus, ImmutableList.copyOf(frames));
  }

  /** The actor on {@code proc} whose loop thread is named {@code threadName}. */
  private static Optional<ActorCell> actorOf(String threadName, Proc proc) {
    ActorId id;
    try {
      id = ActorId.parse(threadName);
    } catch (IllegalArgumentException notAnActorThread) {
      return Optional.empty();
    }
    if (!id.procId().equals(proc.procId())) {
      return Optional.empty();
    }
    return proc.getInstance(id);
  }

  private static void deleteQuietly(@Nullable Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover temp file is harmless and the dump itself already succeeded or failed.
    }
  }
}
