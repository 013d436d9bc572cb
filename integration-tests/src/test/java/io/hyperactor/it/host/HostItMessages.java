package io.hyperactor.it.host;

import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.id.ActorId;
import io.hyperactor.ref.OncePortRef;

/** The messages of the host integration tests, and the registry host, children and clients use. */
final class HostItMessages {
  private HostItMessages() {}

  /** Messages to the echo actor. */
  sealed interface EchoMsg permits WhoAreYou, ExitWith {}

  /** Asks the echo actor for its own id. */
  record WhoAreYou(OncePortRef<ActorId> reply) implements EchoMsg {}

  /** Asks the echo actor to end its process with {@code code}, after a line on stderr. */
  record ExitWith(int code) implements EchoMsg {}

  /** Registers the messages of these tests. */
  static void register(CodecRegistrar codecs) {
    codecs.sealed("it.host.EchoMsg", EchoMsg.class);
  }
}
