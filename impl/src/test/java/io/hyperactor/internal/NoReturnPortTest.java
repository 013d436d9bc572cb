package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import ch.qos.logback.classic.Level;
import io.hyperactor.ClientInstance;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.ref.PortRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A port reference that asks for no returns: what fails to reach it is dropped, and logged. */
@Timeout(60)
class NoReturnPortTest {

  @Test
  void aMessageToAClosedNoReturnPortIsDroppedWhereAReturningOneComesBack() throws Exception {
    Proc proc = TestSupport.proc();
    try (ClientInstance caller = proc.instance("caller");
        ClientInstance answerer = proc.instance("answerer");
        LogCapture log = LogCapture.of(ProcImpl.class)) {
      PortReceiver<Undeliverable> returned = answerer.undeliverables();
      PortReceiver<Long> port = caller.openPort(Long.class);
      PortRef<Long> ref = port.handle().bind();
      port.close();

      ref.withReturnUndeliverable(false).send(answerer, 1L);
      ref.send(answerer, 2L);

      // A local delivery fails, and is returned, on the sending thread: had the first come back,
      // it would be queued before the second.
      Undeliverable back = returned.recv(TestSupport.TIMEOUT);
      assertThat(back.envelope().payload()).isEqualTo(2L);
      assertThat(returned.tryRecv()).isNull();
      List<MessageEnvelope> dropped =
          log.events().stream()
              .filter(e -> e.getMessage().contains("dropped, as its sender asked"))
              .map(e -> (MessageEnvelope) e.getArgumentArray()[0])
              .toList();
      assertThat(dropped).hasSize(1);
      assertThat(dropped.get(0).payload()).isEqualTo(1L);
      assertThat(dropped.get(0).dest()).isEqualTo(ref.portId());
      // Nothing about the caller's port at error level (the proc is shared with other tests).
      assertThat(
              log.events().stream()
                  .filter(e -> e.getLevel() == Level.ERROR)
                  .filter(e -> e.getFormattedMessage().contains(ref.portId().toString()))
                  .toList())
          .isEmpty();
    }
  }
}
