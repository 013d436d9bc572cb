package io.hyperactor.internal;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;

/**
 * Where a split port passes messages on: its parent port, posted through the proc as the instance
 * that owns the split port.
 *
 * @param proc the owner's proc
 * @param owner the instance that split the port; the sender of what is passed on
 * @param self the split port
 * @param parent the port split
 * @param returnUndeliverable whether a message the parent cannot take comes back to the owner
 */
record SplitTarget(
    ProcImpl proc, ActorId owner, PortId self, PortId parent, boolean returnUndeliverable) {

  /** Posts {@code payload} to the parent, without headers or sequence number, as upstream. */
  void post(Object payload) {
    proc.post(
        new MessageEnvelope(
            owner,
            parent,
            ImmutableMap.of(),
            payload,
            SeqInfo.DIRECT,
            proc.defaultTtl(),
            returnUndeliverable));
  }
}
