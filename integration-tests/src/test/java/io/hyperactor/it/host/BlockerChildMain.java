package io.hyperactor.it.host;

import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.ProcMain;


/** A child proc with a {@link BlockerActor}, whose agent answers remote debug requests. */
public final class BlockerChildMain {
  /** Registers the messages of the blocker's parent, children and clients. */
  static void register(CodecRegistrar codecs) {
    codecs.record("it.host.Block", BlockerActor.Block.class);
  }

  private BlockerChildMain() {}

  public static void main(String[] args) {
    ProcMain.boot(
        ActorSystem.builder().codecs(BlockerChildMain::register),
        proc -> proc.spawn(BlockerActor.NAME, new BlockerActor()));
  }
}
