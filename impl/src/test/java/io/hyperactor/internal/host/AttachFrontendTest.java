package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.SeqInfo;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.channel.LinkStatus;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.MailboxRouter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The host's side of attach links, over an in-memory link. */
class AttachFrontendTest {
  private static final ChannelAddr FRONTEND = ChannelAddr.parse("local:7");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** The host's end of one link: what the proc sends, and what the host sends it. */
  private static final class Link implements DuplexLink<AttachMessage, AttachMessage> {
    // Taken by the host's receive once the link is closed: the receive fails, as a closed link's.
    private static final AttachMessage CLOSED = new AttachMessage.Refused("link closed");
    final LinkedBlockingQueue<AttachMessage> fromProc = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<AttachMessage> toProc = new LinkedBlockingQueue<>();
    // Runs on each message the host sends, as the proc would receive it.
    volatile Consumer<AttachMessage> onSend = m -> {};

    @Override
    public Tx<AttachMessage> tx() {
      return new Tx<>() {
        @Override
        public ChannelAddr addr() {
          return FRONTEND;
        }

        @Override
        public void post(AttachMessage message) {
          toProc.add(message);
          onSend.accept(message);
        }

        @Override
        public void post(
            AttachMessage message, Consumer<? super SendError<AttachMessage>> onUndeliverable) {
          post(message);
        }

        @Override
        public void postAcked(AttachMessage message, CompletableFuture<Void> acked) {
          post(message);
          acked.complete(null);
        }

        @Override
        public LinkStatus status() {
          return LinkStatus.active();
        }

        @Override
        public CompletableFuture<LinkStatus.Closed> whenClosed() {
          return new CompletableFuture<>();
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Rx<AttachMessage> rx() {
      return new Rx<>() {
        @Override
        public ChannelAddr addr() {
          return FRONTEND;
        }

        @Override
        public AttachMessage recv() throws InterruptedException {
          AttachMessage message = fromProc.take();
          if (message == CLOSED) {
            throw new ChannelException(ChannelException.Kind.CLOSED, "link closed");
          }
          return message;
        }

        @Override
        public Optional<AttachMessage> recv(Duration timeout) throws InterruptedException {
          return Optional.ofNullable(fromProc.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void close() {
      fromProc.add(CLOSED);
    }
  }

  /** Hands out the links it is given, then waits until it is closed. */
  private static final class Server implements DuplexServer<AttachMessage, AttachMessage> {
    final LinkedBlockingQueue<Link> links = new LinkedBlockingQueue<>();
    private final Link closed = new Link();

    @Override
    public ChannelAddr addr() {
      return ChannelAddr.parse("local:8");
    }

    @Override
    public DuplexLink<AttachMessage, AttachMessage> accept() throws InterruptedException {
      Link link = links.take();
      if (link == closed) {
        throw new ChannelException(ChannelException.Kind.CLOSED, "server closed");
      }
      return link;
    }

    @Override
    public Optional<DuplexLink<AttachMessage, AttachMessage>> accept(Duration timeout)
        throws InterruptedException {
      return Optional.ofNullable(links.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Override
    public void close() {
      links.add(closed);
    }
  }

  @Test
  void aProcIsRoutableOnceItLearnsItsId() throws Exception {
    MailboxRouter router = new MailboxRouter();
    MailboxSender forwarder = envelope -> {};
    Server server = new Server();
    Link link = new Link();
    // The moment the proc learns its id, a message for it (from anyone it told) reaches the
    // host's router: it must go over this link, not come back unroutable.
    link.onSend =
        message -> {
          if (message instanceof AttachMessage.Bootstrap b) {
            ProcId sender = new ProcId(FRONTEND, "service");
            router.post(
                new MessageEnvelope(
                    sender.actorId("system"),
                    b.procId().actorId("client").portId(1024),
                    Map.of(),
                    "hello",
                    SeqInfo.DIRECT,
                    8,
                    true));
          }
        };
    try (AttachFrontend frontend = new AttachFrontend(server, FRONTEND, router, forwarder, 8)) {
      frontend.start();
      server.links.add(link);
      link.fromProc.add(new AttachMessage.Attach());
      AttachMessage first = link.toProc.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).isInstanceOf(AttachMessage.Bootstrap.class);
      AttachMessage second = link.toProc.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertThat(second).isInstanceOf(AttachMessage.Envelope.class);
      assertThat(((AttachMessage.Envelope) second).envelope().payload()).isEqualTo("hello");
    }
  }
}
