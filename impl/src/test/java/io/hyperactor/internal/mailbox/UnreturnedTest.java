package io.hyperactor.internal.mailbox;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.DeliveryError;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What is logged of an undeliverable envelope that is not returned. */
class UnreturnedTest {
  private final ActorId sender = new ProcId(new ChannelAddr.Local(1), "p").actorId("sender");
  private final ActorId dest = new ProcId(new ChannelAddr.Local(2), "q").actorId("dest");

  /** The return of {@code lost} to its sender, as a proc that found its destination ended makes. */
  private MessageEnvelope returnOf(MessageEnvelope lost) {
    return MessageEnvelope.of(
        dest,
        sender.portId(PortId.UNDELIVERABLE_INDEX),
        new Undeliverable(
            lost, new DeliveryError(DeliveryError.Kind.BROKEN_LINK, "proc q has ended")),
        SeqInfo.DIRECT,
        Undeliverable.RETURN_TTL);
  }

  @Test
  void aReturnThatFailedNamesTheMessageItCarriedAndWhyThatOneFailed() {
    MessageEnvelope lost = MessageEnvelope.of(sender, dest.portId(0), "work", SeqInfo.DIRECT, 64);
    MessageEnvelope ret = returnOf(lost);
    try (LogCapture logs = LogCapture.named("unreturned-test")) {
      Unreturned.drop(
          LoggerFactory.getLogger("unreturned-test"),
          ret,
          new DeliveryError(DeliveryError.Kind.BROKEN_LINK, "proc p has ended"));
      assertThat(logs.events()).hasSize(1);
      assertThat(logs.events().get(0).getLevel().toString()).isEqualTo("ERROR");
      String line = logs.messages().get(0);
      assertThat(line).contains("abandoned: broken_link: proc p has ended");
      assertThat(line).contains("it returned " + lost);
      assertThat(line).contains("which failed with: broken_link: proc q has ended");
    }
  }

  @Test
  void aReturnToASenderThatHasTerminatedIsLoggedAtInfo() {
    MessageEnvelope lost = MessageEnvelope.of(sender, dest.portId(0), "query", SeqInfo.DIRECT, 64);
    MessageEnvelope ret = returnOf(lost);
    try (LogCapture logs = LogCapture.named("unreturned-test")) {
      Unreturned.drop(
          LoggerFactory.getLogger("unreturned-test"),
          ret,
          new DeliveryError(DeliveryError.Kind.MAILBOX, "mailbox owner " + sender + " is stopped"));
      assertThat(logs.events()).hasSize(1);
      assertThat(logs.events().get(0).getLevel().toString()).isEqualTo("INFO");
      String line = logs.messages().get(0);
      assertThat(line).contains("not returned: its sender has terminated");
      assertThat(line).contains(lost.toString());
      assertThat(line).contains("proc q has ended");
    }
  }

  @Test
  void aMessageItsSenderAskedNotToHearOfIsDroppedAtDebug() {
    MessageEnvelope reply = MessageEnvelope.of(sender, dest.portId(0), "reply", SeqInfo.DIRECT, 64);
    try (LogCapture logs = LogCapture.named("unreturned-test")) {
      Unreturned.drop(
          LoggerFactory.getLogger("unreturned-test"),
          reply,
          new DeliveryError(DeliveryError.Kind.BROKEN_LINK, "gone"));
      assertThat(logs.events()).hasSize(1);
      assertThat(logs.events().get(0).getLevel().toString()).isEqualTo("DEBUG");
      assertThat(logs.messages().get(0)).contains("dropped, as its sender asked");
    }
  }
}
