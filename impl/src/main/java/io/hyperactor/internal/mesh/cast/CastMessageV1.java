package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.SeqInfo;
import io.hyperactor.id.ActorId;
import io.hyperactor.mesh.Region;
import java.util.UUID;

/**
 * A cast to every actor of an actor mesh view, as the caster sends it to the root comm actor and as
 * comm actors pass it on.
 *
 * <p>The caster numbered every destination from its own sequence ahead of time: {@code seqs} holds
 * the number of each view rank of {@code destRegion}, and {@code epochs} the epoch of the ranks whose
 * sequence restarted (the others are in epoch 0). Each destination receives {@code data} with these
 * numbers, so that casts and direct sends from one caster reach it in the order they were sent.
 *
 * @param headers the caster's headers, delivered with the message
 * @param sender the caster
 * @param sessionId the caster's sequence session
 * @param seqs the sequence number of each view rank, in view-rank order
 * @param epochs the epoch of each view rank whose sequence is not in epoch 0
 * @param destRegion the cast region, in root proc mesh coordinates
 * @param destActor the name of the mesh's actor on every proc (its pid is 0)
 * @param data the message
 */
record CastMessageV1(
    ImmutableMap<String, String> headers,
    ActorId sender,
    UUID sessionId,
    ImmutableList<Long> seqs,
    ImmutableMap<Integer, Long> epochs,
    Region destRegion,
    String destActor,
    Object data)
    implements CommMessage {
  CastMessageV1 {
    checkNotNull(headers, "headers");
    checkNotNull(sender, "sender");
    checkNotNull(sessionId, "sessionId");
    checkNotNull(seqs, "seqs");
    checkNotNull(epochs, "epochs");
    checkNotNull(destRegion, "destRegion");
    checkNotNull(destActor, "destActor");
    checkNotNull(data, "data");
    checkArgument(
        seqs.size() == destRegion.numRanks(),
        "cast to %s carries %s sequence numbers for %s ranks",
        destRegion,
        seqs.size(),
        destRegion.numRanks());
  }

  /** The sequence information the destination of view rank {@code rank} is delivered with. */
  SeqInfo.Session seqInfo(int rank) {
    return new SeqInfo.Session(sessionId, seqs.get(rank), epochs.getOrDefault(rank, 0L));
  }

  /** This cast with {@code data} in place of its message. */
  CastMessageV1 withData(Object data) {
    return data == this.data
        ? this
        : new CastMessageV1(headers, sender, sessionId, seqs, epochs, destRegion, destActor, data);
  }
}
