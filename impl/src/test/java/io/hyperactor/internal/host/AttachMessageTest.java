package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.codec.CodecException;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.CodecRegistry;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import org.junit.jupiter.api.Test;

class AttachMessageTest {
  private final ChannelCodec<AttachMessage> codec =
      AttachMessage.codec(new EnvelopeCodec(CodecRegistry.builtins()));

  @Test
  void attach_bootstrap_and_envelopes_round_trip() {
    ProcId proc = new ProcId(ChannelAddr.parse("unix:@host"), "remote-00ff");
    MessageEnvelope envelope =
        MessageEnvelope.of(
            proc.actorId("a"), proc.actorId("b").portId(7), "hello", SeqInfo.DIRECT, 5);
    assertThat(codec.decode(codec.encode(new AttachMessage.Attach())))
        .isEqualTo(new AttachMessage.Attach());
    assertThat(codec.decode(codec.encode(new AttachMessage.Bootstrap(proc))))
        .isEqualTo(new AttachMessage.Bootstrap(proc));
    assertThat(codec.decode(codec.encode(new AttachMessage.Refused("not now"))))
        .isEqualTo(new AttachMessage.Refused("not now"));
    AttachMessage decoded = codec.decode(codec.encode(new AttachMessage.Envelope(envelope)));
    MessageEnvelope back = ((AttachMessage.Envelope) decoded).envelope();
    assertThat(back.payload()).isEqualTo("hello");
    assertThat(back.dest()).isEqualTo(envelope.dest());
    assertThat(back.sender()).isEqualTo(envelope.sender());
  }

  @Test
  void garbage_is_refused_with_a_reason() {
    CodecException unknown =
        assertThrows(CodecException.class, () -> codec.decode(new byte[] {42}));
    assertThat(unknown).hasMessageThat().isEqualTo("unknown attach message tag 42");
    CodecException empty = assertThrows(CodecException.class, () -> codec.decode(new byte[0]));
    assertThat(empty).hasMessageThat().isEqualTo("empty attach message");
    CodecException badId =
        assertThrows(
            CodecException.class, () -> codec.decode(new byte[] {AttachMessage.BOOTSTRAP, 'x'}));
    assertThat(badId).hasMessageThat().startsWith("invalid attach bootstrap: invalid proc id 'x'");
  }
}
