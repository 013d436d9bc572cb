package io.hyperactor.it.host;

import io.hyperactor.internal.agent.ProcAgentCodecs;
import io.hyperactor.internal.bootstrap.BootstrapMain;
import io.hyperactor.internal.mailbox.CodecRegistry;

/** A child proc with a {@link BlockerActor}, whose agent answers remote debug requests. */
public final class BlockerChildMain {
  /** The registry of the blocker's parent, children and clients. */
  static final CodecRegistry REGISTRY =
      ProcAgentCodecs.register(CodecRegistry.builder())
          .record("it.host.Block", BlockerActor.Block.class)
          .build();

  private BlockerChildMain() {}

  public static void main(String[] args) {
    BootstrapMain.boot(REGISTRY, proc -> proc.spawn(BlockerActor.NAME, new BlockerActor()));
  }
}
