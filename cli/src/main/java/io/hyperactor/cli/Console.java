package io.hyperactor.cli;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Where one run of the command line reads its environment and writes its output: the process's
 * own in {@link HyperactorCli#main}, strings in tests.
 *
 * @param env the environment variables the options fall back to
 * @param out standard output: tables, JSON
 * @param err standard error: error messages, progress bars
 * @param stderrTerminal whether {@code err} is a terminal, so progress bars may be drawn on it
 */
record Console(Map<String, String> env, PrintWriter out, PrintWriter err, boolean stderrTerminal) {
  Console {
    env = ImmutableMap.copyOf(checkNotNull(env, "env"));
    checkNotNull(out, "out");
    checkNotNull(err, "err");
  }
}
