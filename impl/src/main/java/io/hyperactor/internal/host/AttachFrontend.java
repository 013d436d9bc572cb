package io.hyperactor.internal.host;

import io.hyperactor.MailboxSender;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.channel.DuplexServer;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.mailbox.MailboxRouter;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts procs attaching to a host over duplex links.
 *
 * <p>Per link: the first message must be {@link AttachMessage.Attach}; the host assigns the id
 * {@code ProcId(frontend, "remote-<random hex>")} (random, so procs attached to different host
 * generations on one address cannot collide), answers {@link AttachMessage.Bootstrap}, binds the id
 * in the prefix router to the link, and routes every envelope arriving on the link. Any other
 * message is answered with {@link AttachMessage.Refused} and logged with the link's proc; a link
 * that does not open with an attach request is then closed. When the link closes, the route is
 * unbound. The host does not stop attached procs.
 */
final class AttachFrontend implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttachFrontend.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

  private final DuplexServer<AttachMessage, AttachMessage> server;
  private final ChannelAddr frontendAddr;
  private final MailboxRouter router;
  private final MailboxSender forwarder;
  private final int ttl;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<DuplexLink<AttachMessage, AttachMessage>> links = new CopyOnWriteArrayList<>();
  private volatile boolean stopping;

  AttachFrontend(
      DuplexServer<AttachMessage, AttachMessage> server,
      ChannelAddr frontendAddr,
      MailboxRouter router,
      MailboxSender forwarder,
      int ttl) {
    this.server = server;
    this.frontendAddr = frontendAddr;
    this.router = router;
    this.forwarder = forwarder;
    this.ttl = ttl;
  }

  ChannelAddr addr() {
    return server.addr();
  }

  void start() {
    threads.add(Thread.ofVirtual().name("hyperactor-attach-accept").start(this::acceptLoop));
  }

  private void acceptLoop() {
    while (!stopping) {
      DuplexLink<AttachMessage, AttachMessage> link;
      try {
        link = server.accept();
      } catch (InterruptedException e) {
        return;
      } catch (ChannelException e) {
        if (!stopping) {
          log.warn("attach accept loop on {} ended: {}", server.addr(), e.getMessage());
        }
        return;
      }
      links.add(link);
      threads.add(Thread.ofVirtual().name("hyperactor-attach-link").start(() -> serve(link)));
    }
  }

  private void serve(DuplexLink<AttachMessage, AttachMessage> link) {
    @Nullable ProcId procId = null;
    try {
      AttachMessage first = link.rx().recv();
      if (!(first instanceof AttachMessage.Attach)) {
        String reason = "expected an attach request, got " + first;
        log.warn("attach link on {} refused: {}; closing", addr(), reason);
        try {
          // The peer learns why before the link closes under it.
          link.tx()
              .send(new AttachMessage.Refused(reason))
              .get(JOIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          log.debug("attach link on {}: refusal not acknowledged: {}", addr(), e.toString());
        }
        return;
      }
      procId = new ProcId(frontendAddr, "remote-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
      // Routed before the proc learns its id: from then on anyone it tells may send to it at once.
      // Nothing can reach the link ahead of the Bootstrap, as no one knows the new id before it.
      router.bind(procId, new LinkSender(link.tx(), forwarder, ttl));
      link.tx().post(new AttachMessage.Bootstrap(procId));
      log.info("proc {} attached to host {}", procId, frontendAddr);
      while (true) {
        AttachMessage message = link.rx().recv();
        switch (message) {
          case AttachMessage.Envelope e -> forwarder.post(e.envelope());
          case AttachMessage.Refused r ->
              log.warn("proc {} refused a message of the host: {}", procId, r.reason());
          default -> {
            String reason =
                "proc " + procId + " is attached; only envelopes may follow, got " + message;
            log.warn("host {} refusing a message from {}: {}", frontendAddr, procId, reason);
            link.tx().post(new AttachMessage.Refused(reason));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ChannelException e) {
      if (!stopping) {
        log.info("attach link of {} closed: {}", procId, e.getMessage());
      }
    } finally {
      if (procId != null) {
        router.unbind(procId);
      }
      link.close();
      links.remove(link);
    }
  }

  /** Stops accepting, closes every link (flushing acknowledgements) and joins the threads. */
  @Override
  public void close() {
    stopping = true;
    for (DuplexLink<AttachMessage, AttachMessage> link : links) {
      link.close();
    }
    server.close();
    for (Thread thread : threads) {
      try {
        if (!thread.join(JOIN_TIMEOUT)) {
          log.warn("{} did not end within {}; interrupting it", thread.getName(), JOIN_TIMEOUT);
          thread.interrupt();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
