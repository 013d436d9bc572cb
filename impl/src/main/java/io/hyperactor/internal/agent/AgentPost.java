package io.hyperactor.internal.agent;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.Instance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.PortRef;

/**
 * How an agent (a proc's or a host's) sends: unsequenced envelopes (an agent answers many callers,
 * and none of its answers belongs to an ordered stream of the caller's), with the configured
 * {@code message_ttl_default}, posted into the agent's own proc. A reply carries the agent's reply
 * header, so that one coming back undeliverable (its caller is gone) is only logged.
 */
public final class AgentPost {
  private final int ttl;
  private final ImmutableMap<String, String> replyHeaders;

  /** Posts for an agent reading {@code config}, marking its replies with {@code replyHeader}. */
  public AgentPost(HyperactorConfig config, String replyHeader) {
    this.ttl =
        (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT));
    this.replyHeaders = ImmutableMap.of(checkNotNull(replyHeader, "replyHeader"), "true");
  }

  /** Answers to {@code dest}; a failed answer comes back to the agent. */
  public void reply(Instance<Object> self, PortId dest, Object message) {
    post(self, dest, message, replyHeaders, true);
  }

  /** Answers through {@code dest}; a failed answer comes back only if the caller asked for it. */
  public void reply(Instance<Object> self, PortRef<?> dest, Object message) {
    post(self, dest.portId(), message, replyHeaders, dest.returnUndeliverable());
  }

  /** Sends {@code message} with {@code headers}; a failed send comes back to the agent. */
  public void post(
      Instance<Object> self, PortId dest, Object message, ImmutableMap<String, String> headers) {
    post(self, dest, message, headers, true);
  }

  /** Sends {@code message} with {@code headers}, returned if undeliverable when asked. */
  public void post(
      Instance<Object> self,
      PortId dest,
      Object message,
      ImmutableMap<String, String> headers,
      boolean returnUndeliverable) {
    self.proc()
        .post(
            new MessageEnvelope(
                self.selfId(), dest, headers, message, SeqInfo.DIRECT, ttl, returnUndeliverable));
  }
}
