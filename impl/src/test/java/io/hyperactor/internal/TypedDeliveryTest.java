package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableSet;
import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.ClientInstance;
import io.hyperactor.Context;
import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.OncePortReceiver;
import io.hyperactor.PortHandle;
import io.hyperactor.PortReceiver;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.PortId;
import io.hyperactor.ref.OncePortRef;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A message of a type the destination does not accept never reaches a handler: it comes back to
 * its sender as {@code WRONG_TYPE}, naming the expected and the actual type, and a local send of
 * one fails the same way.
 */
class TypedDeliveryTest {
  private static final Duration TIMEOUT = TestSupport.TIMEOUT;

  sealed interface CounterMsg permits Incr, Get {}

  record Incr(long by) implements CounterMsg {}

  record Get(OncePortRef<Long> reply) implements CounterMsg {}

  /** A protocol of another actor. */
  record Unrelated(String text) {}

  static final class Counter implements Actor<CounterMsg> {
    private long value;

    @Override
    public void handle(Context<CounterMsg> cx, CounterMsg message) {
      switch (message) {
        case Incr i -> value += i.by();
        case Get g -> g.reply().send(cx, value);
      }
    }
  }

  /** A generic actor, whose class leaves its protocol open. */
  static final class Collector<T> implements Actor<T> {
    final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<T> cx, T message) {
      seen.add(message);
    }
  }

  /** A generic actor that names its protocol itself. */
  static final class TypedCollector<T> implements Actor<T> {
    private final Class<T> type;
    final LinkedBlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    TypedCollector(Class<T> type) {
      this.type = type;
    }

    @Override
    public void handle(Context<T> cx, T message) {
      seen.add(message);
    }

    @Override
    public Class<?> messageType() {
      return type;
    }
  }

  private final AtomicInteger exits = new AtomicInteger();
  private Proc proc;

  private Proc proc() {
    // No supervision coordinator: a failing root would end the process through this hook.
    proc = Procs.local(TestServices.shared(), "typed", code -> exits.incrementAndGet());
    return proc;
  }

  @AfterEach
  void tearDown() {
    if (proc != null) {
      proc.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
  }

  private static long get(ClientInstance client, ActorHandle<CounterMsg> counter)
      throws Exception {
    OncePortReceiver<Long> reply = client.openOncePort();
    counter.send(client, new Get(reply.handle().bind()));
    return reply.recv(TIMEOUT);
  }

  @Test
  void aMessageOfAnotherProtocolComesBackAndTheRootActorKeepsWorking() throws Exception {
    ActorHandle<CounterMsg> counter = proc().spawn("counter", new Counter());
    try (ClientInstance client = proc.instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      counter.send(client, new Incr(1));
      client.post(counter.actorId().portId(PortId.HANDLER_INDEX), new Unrelated("boom"));
      counter.send(client, new Incr(2));
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message())
          .isEqualTo(
              "actor "
                  + counter.actorId()
                  + " accepts "
                  + CounterMsg.class.getName()
                  + ", got "
                  + Unrelated.class.getName());
      assertThat(u.envelope().payload()).isEqualTo(new Unrelated("boom"));
      // The refused message left no gap: the message after it was handled.
      assertThat(get(client, counter)).isEqualTo(3);
      assertThat(counter.cell().status().isTerminal()).isFalse();
      assertThat(exits.get()).isEqualTo(0);
    }
  }

  @Test
  void aLocalSendOfAnotherTypeFailsAtOnce() throws Exception {
    ActorHandle<CounterMsg> counter = proc().spawn("counter", new Counter());
    @SuppressWarnings("unchecked")
    PortHandle<Object> raw = (PortHandle<Object>) (PortHandle<?>) counter.port();
    MailboxSenderException e =
        assertThrows(MailboxSenderException.class, () -> raw.send(new Unrelated("boom")));
    assertThat(e.kind()).isEqualTo(MailboxSenderException.Kind.WRONG_TYPE);
    assertThat(e).hasMessageThat().endsWith("got " + Unrelated.class.getName());
    try (ClientInstance client = proc.instance("client")) {
      assertThrows(MailboxSenderException.class, () -> raw.send(client, new Unrelated("again")));
      counter.send(client, new Incr(5));
      assertThat(get(client, counter)).isEqualTo(5);
    }
  }

  @Test
  void aGenericActorAcceptsWhatItsMessageTypeNames() throws Exception {
    Collector<Object> open = new Collector<>();
    TypedCollector<String> strings = new TypedCollector<>(String.class);
    ActorHandle<Object> openHandle = proc().spawn("open", open);
    ActorHandle<String> stringHandle = proc.spawn("strings", strings);
    try (ClientInstance client = proc.instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      client.post(openHandle.actorId().portId(PortId.HANDLER_INDEX), 42);
      client.post(stringHandle.actorId().portId(PortId.HANDLER_INDEX), 42);
      client.post(stringHandle.actorId().portId(PortId.HANDLER_INDEX), "hello");
      assertThat(open.seen.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(42);
      assertThat(strings.seen.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hello");
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message()).endsWith("accepts java.lang.String, got java.lang.Integer");
    }
  }

  @Test
  void aSpawnMayNarrowAGenericActorsProtocolButNotWidenACountersOne() throws Exception {
    Collector<Object> open = new Collector<>();
    ActorHandle<Object> narrowed =
        Procs.spawnWithProtocol(proc(), "narrowed", open, ImmutableSet.of(Long.class));
    try (ClientInstance client = proc.instance("client")) {
      PortReceiver<Undeliverable> returned = client.undeliverables();
      client.post(narrowed.actorId().portId(PortId.HANDLER_INDEX), "text");
      client.post(narrowed.actorId().portId(PortId.HANDLER_INDEX), 7L);
      assertThat(open.seen.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(7L);
      assertThat(returned.recv(TIMEOUT).error().message())
          .endsWith("accepts java.lang.Long, got java.lang.String");
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Procs.spawnWithProtocol(
                    proc, "widened", new Counter(), ImmutableSet.of(Unrelated.class)));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "actor "
                + Counter.class.getName()
                + " accepts "
                + CounterMsg.class.getName()
                + ", which does not include "
                + Unrelated.class.getName());
    // The refused spawn took no name.
    assertThat(proc.spawn("widened", new Counter())).isNotNull();
  }

  @Test
  void aTypedPortRefusesOtherTypes() throws Exception {
    try (ClientInstance client = proc().instance("client");
        ClientInstance other = proc.instance("other")) {
      PortReceiver<Undeliverable> returned = other.undeliverables();
      PortReceiver<String> port = client.openPort(String.class);
      other.post(port.handle().portId(), 1);
      other.post(port.handle().portId(), "one");
      assertThat(port.recv(TIMEOUT)).isEqualTo("one");
      Undeliverable u = returned.recv(TIMEOUT);
      assertThat(u.error().kind()).isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      assertThat(u.error().message())
          .isEqualTo(
              "port "
                  + port.handle().portId()
                  + " accepts java.lang.String, got java.lang.Integer");
      assertThat(port.tryRecv()).isNull();
    }
  }

  @Test
  void aTypedOncePortStaysOpenForTheRealReply() throws Exception {
    try (ClientInstance client = proc().instance("client");
        ClientInstance other = proc.instance("other")) {
      PortReceiver<Undeliverable> returned = other.undeliverables();
      OncePortReceiver<Long> reply = client.openOncePort(Long.class);
      other.post(reply.handle().portId(), "not a number");
      assertThat(returned.recv(TIMEOUT).error().kind())
          .isEqualTo(DeliveryError.Kind.WRONG_TYPE);
      other.post(reply.handle().portId(), 9L);
      assertThat(reply.recv(TIMEOUT)).isEqualTo(9L);
    }
  }
}
