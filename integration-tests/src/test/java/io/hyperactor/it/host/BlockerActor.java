package io.hyperactor.it.host;

import io.hyperactor.Actor;
import io.hyperactor.Blocking;
import io.hyperactor.Context;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.OncePortRef;
import java.util.concurrent.CountDownLatch;

/**
 * Says it entered its handler, then blocks there until its process ends. It is {@link Blocking},
 * as an actor that blocks should be, so its handler runs on a virtual thread named after it.
 */
@Blocking
final class BlockerActor implements Actor<BlockerActor.Block> {
  static final String NAME = "blocker";

  /** Asks the blocker to reply with its id from inside its handler and then never return. */
  record Block(OncePortRef<ActorId> entered) {}

  @Override
  public void handle(Context<Block> cx, Block message) throws InterruptedException {
    message.entered().send(cx, cx.selfId());
    // Nothing opens this latch: the actor stays in its handler for a thread dump to find.
    new CountDownLatch(1).await();
  }
}
