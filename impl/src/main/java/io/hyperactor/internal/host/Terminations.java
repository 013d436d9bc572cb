package io.hyperactor.internal.host;

import io.hyperactor.host.ProcHandle;
import io.hyperactor.host.ProcStatus;
import io.hyperactor.host.TerminateException;
import io.hyperactor.host.TerminateSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Single and bulk termination over proc handles, shared by the managers. */
final class Terminations {
  private static final Logger log = LoggerFactory.getLogger(Terminations.class);

  private Terminations() {}

  /**
   * Terminates {@code handle} and returns its terminal status; a proc that had already ended
   * reports that status.
   *
   * @throws TerminateException when the proc could not be stopped or observed
   */
  static ProcStatus terminate(ProcHandle<?> handle, Duration timeout, String reason) {
    try {
      return handle.terminate(timeout, reason).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof TerminateException t) {
        if (t.kind() == TerminateException.Kind.ALREADY_TERMINATED && t.status().isPresent()) {
          return t.status().get();
        }
        throw t;
      }
      throw e;
    }
  }

  /** Terminates every handle, at most {@code max(maxInFlight, 1)} at a time. */
  static TerminateSummary terminateAll(
      List<? extends ProcHandle<?>> handles, Duration timeout, int maxInFlight, String reason) {
    Semaphore permits = new Semaphore(Math.max(maxInFlight, 1));
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (ProcHandle<?> handle : handles) {
        results.add(
            executor.submit(
                () -> {
                  permits.acquire();
                  try {
                    terminate(handle, timeout, reason);
                    return true;
                  } catch (RuntimeException e) {
                    log.warn("terminating proc {} failed: {}", handle.procId(), e.toString());
                    return false;
                  } finally {
                    permits.release();
                  }
                }));
      }
    }
    int ok = 0;
    for (Future<Boolean> result : results) {
      if (result.resultNow()) {
        ok++;
      }
    }
    return new TerminateSummary(handles.size(), ok, handles.size() - ok);
  }
}
