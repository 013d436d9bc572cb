package io.hyperactor.inject;

import io.hyperactor.codec.CodecRegistrar;

/**
 * A set of message types an application registers with the runtime's codec registry.
 *
 * <p>Contributed through {@link HyperactorBinders#codecs}; every contribution is applied to one
 * {@link CodecRegistrar}, so each type name and class may be registered by one contribution
 * only.
 *
 * <pre>{@code
 * HyperactorBinders.codecs(binder()).addBinding()
 *     .toInstance(codecs -> codecs.sealed("demo.WorkerMsg", WorkerMsg.class));
 * }</pre>
 */
@FunctionalInterface
public interface CodecContribution {

  /** Registers this contribution's types with {@code codecs}. */
  void register(CodecRegistrar codecs);
}
