package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.SplitPortOptions;
import io.hyperactor.id.PortId;
import io.hyperactor.mesh.accum.Reducer;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerRegistry;
import io.hyperactor.mesh.accum.ReducerSpec;
import java.time.Duration;

/**
 * Opens split ports (see {@link io.hyperactor.Instance#splitPort}): a forwarding, streaming or
 * once-only port bound in the splitting instance's mailbox.
 */
final class SplitPorts {
  private SplitPorts() {}

  /**
   * The settings a split port reads from its proc.
   *
   * @param reducers resolves reducer names
   * @param scheduler runs time-based flushes
   * @param maxBufferSize a streaming port flushes after this many updates
   * @param maxBufferAge a streaming port's longest wait, unless its options set one
   */
  record Settings(
      ReducerRegistry reducers,
      DelayScheduler scheduler,
      long maxBufferSize,
      Duration maxBufferAge) {
    Settings {
      checkNotNull(reducers, "reducers");
      checkNotNull(scheduler, "scheduler");
      checkNotNull(maxBufferAge, "maxBufferAge");
    }
  }

  /**
   * Binds a new split port of {@code parent} in {@code mailbox} and returns its id.
   *
   * @throws IllegalArgumentException when the options name a reducer {@code settings} do not know
   */
  static PortId open(
      MailboxImpl mailbox, PortId parent, SplitPortOptions options, Settings settings) {
    checkNotNull(parent, "parent");
    checkNotNull(options, "options");
    // Resolve first, so an unknown reducer fails before a port index is spent.
    ReducerSpec spec = options.reducerSpec();
    Reducer<Object> reducer = spec == null ? null : settings.reducers().resolve(spec);
    long index = mailbox.allocateIndex();
    SplitTarget target =
        new SplitTarget(
            mailbox.proc(),
            mailbox.actorId(),
            mailbox.actorId().portId(index),
            parent,
            options.returnUndeliverable());
    PortSink sink;
    if (reducer == null) {
      sink = new ForwardingSplitPort(target);
    } else {
      sink =
          switch (options.mode()) {
            case ReducerMode.Streaming s ->
                new StreamingSplitPort(
                    target,
                    reducer,
                    settings.maxBufferSize(),
                    s.initialInterval(),
                    s.maxInterval().orElse(settings.maxBufferAge()),
                    settings.scheduler());
            case ReducerMode.Once once ->
                new OnceSplitPort(target, reducer, once.count(), () -> mailbox.unbind(index));
          };
    }
    mailbox.bind(index, sink);
    return target.self();
  }
}
