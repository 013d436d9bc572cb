package io.hyperactor.it.host;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.it.host.HostItMessages.EchoMsg;
import io.hyperactor.it.host.HostItMessages.ExitWith;
import io.hyperactor.it.host.HostItMessages.WhoAreYou;

/** Replies with its own id; ends its process on request. */
final class EchoActor implements Actor<EchoMsg> {
  static final String NAME = "echo";

  @Override
  public void handle(Context<EchoMsg> cx, EchoMsg message) {
    switch (message) {
      case WhoAreYou w -> w.reply().send(cx, cx.selfId());
      case ExitWith e -> {
        System.err.println("echo exiting with code " + e.code());
        System.err.flush();
        Runtime.getRuntime().halt(e.code());
      }
    }
  }
}
