package io.hyperactor.internal;

import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.agent.SpawnableRegistry;
import io.hyperactor.internal.mailbox.CodecRegistry;

/**
 * Runtime services for the runtime's own tests, which work below the public actor system.
 *
 * <p>{@link #shared()} serves the tests that need nothing special: the defaults, the built-in and
 * agent message types, and an exit hook that fails loudly. Tests that need other settings build
 * their own with {@link #create} and close them.
 */
public final class TestServices {
  private TestServices() {}

  /** Fails the test instead of ending the JVM. */
  public static final java.util.function.IntConsumer NO_EXIT =
      code -> {
        throw new AssertionError("the proc asked to exit the process with code " + code);
      };

  private static final class Shared {
    // The leftover check exempts this name's threads: they serve every test of the JVM.
    static final RuntimeServices INSTANCE =
        new RuntimeServices(
            "shared-test",
            HyperactorConfig.global(),
            ProcAgentCodecs.register(CodecRegistry.builder()).build(),
            new SpawnableRegistry(),
            NO_EXIT,
            null);
  }

  /** Services shared by the tests of this JVM (their threads are daemons). */
  public static RuntimeServices shared() {
    return Shared.INSTANCE;
  }

  /** New services reading {@code config}, with the built-in and agent message types. */
  public static RuntimeServices create(HyperactorConfig config) {
    return create(config, ProcAgentCodecs.register(CodecRegistry.builder()).build());
  }

  /** New services reading {@code config} and encoding with {@code codecs}. */
  public static RuntimeServices create(HyperactorConfig config, CodecRegistry codecs) {
    return new RuntimeServices("test", config, codecs, new SpawnableRegistry(), NO_EXIT, null);
  }
}
