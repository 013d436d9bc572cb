package io.hyperactor.internal.agent;

import org.slf4j.LoggerFactory;

/**
 * How a proc agent ends its process once {@code StopAll} completed: exit code 1 when any managed
 * actor failed, else 0.
 *
 * <p>The agent calls the hook at most once. Tests install a hook that records the code instead of
 * ending the JVM.
 */
@FunctionalInterface
public interface ProcExitHook {

  /** Ends the process with {@link System#exit}. */
  ProcExitHook SYSTEM_EXIT =
      code -> {
        LoggerFactory.getLogger(ProcExitHook.class)
            .info("proc agent exiting process with code {}", code);
        System.exit(code);
      };

  /** Ends the process (or whatever stands for it) with {@code code}. */
  void exit(int code);
}
