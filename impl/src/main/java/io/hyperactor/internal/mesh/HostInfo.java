package io.hyperactor.internal.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.ref.OncePortRef;

/**
 * The actor a forked host JVM runs on the proc its parent started it as: it tells the parent the
 * frontend address of the host the JVM serves. Stateless.
 */
public final class HostInfo implements Actor<HostInfo.Get> {
  /** The actor's name on the bootstrap proc of a host JVM. */
  public static final String NAME = "host_info";

  /**
   * Asks for the host's frontend address.
   *
   * @param reply where the address goes
   */
  public record Get(OncePortRef<ChannelAddr> reply) {
    public Get {
      checkNotNull(reply, "reply");
    }
  }

  private final ChannelAddr hostAddr;

  /** The actor of the host serving at {@code hostAddr}. */
  public HostInfo(ChannelAddr hostAddr) {
    this.hostAddr = checkNotNull(hostAddr, "hostAddr");
  }

  @Override
  public void handle(Context<Get> cx, Get get) {
    get.reply().send(cx, hostAddr);
  }

  @Override
  public Class<?> messageType() {
    return Get.class;
  }
}
