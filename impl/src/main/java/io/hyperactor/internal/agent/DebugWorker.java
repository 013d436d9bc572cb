package io.hyperactor.internal.agent;

import io.hyperactor.Actor;
import io.hyperactor.Blocking;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import java.time.Duration;

/**
 * A short-lived child of the proc agent that serves one debug request off the agent's loop, replies
 * to the caller directly, and stops.
 *
 * <p>It never throws: every outcome, failures included, becomes the reply, so the agent only ever
 * sees a clean stop from it. A profile waits for its whole duration, so the worker is {@link
 * Blocking}: it waits on a virtual thread rather than on a dispatcher worker.
 */
@Blocking
final class DebugWorker implements Actor<DebugWorker.Job> {

  /** The one job a worker runs. */
  sealed interface Job permits DumpThreads, Profile {}

  record DumpThreads(ThreadDump request) implements Job {}

  /**
   * @param max the longest profile allowed ({@code mesh_admin_pyspy_max_profile_duration})
   * @param maxFrameLength the largest network frame ({@code codec_max_frame_length}), which
   *     bounds the recording sent back
   */
  record Profile(CpuProfile request, Duration max, long maxFrameLength) implements Job {}

  @Override
  public void init(Instance<Job> self) {
    // Part of the runtime like its parent, so the admin views list it with the system actors.
    self.setSystem();
  }

  @Override
  public void handle(Context<Job> cx, Job job) {
    try {
      switch (job) {
        case DumpThreads d -> d.request().result().send(cx, ThreadDumper.dump(cx.proc()));
        case Profile p -> {
          String problem = ProfileDurations.problem(p.request().duration(), p.max());
          CpuProfileResult result =
              problem != null
                  ? new CpuProfileResult.Rejected(problem)
                  : CpuProfiler.record(p.request().duration(), p.maxFrameLength());
          p.request().result().send(cx, result);
        }
      }
    } finally {
      cx.stop("debug request served");
    }
  }

  @Override
  public String displayName() {
    return "proc_agent debug worker";
  }
}
