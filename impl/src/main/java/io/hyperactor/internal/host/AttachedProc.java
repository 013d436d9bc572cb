package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.DuplexLink;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.mailbox.EnvelopeCodec;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A proc that joined a host over one duplex link: the host assigned its id and routes its traffic
 * both ways, so it needs no address of its own.
 *
 * <pre>{@code
 * try (AttachedProc remote = AttachedProc.attach(host.attachAddr().orElseThrow(), registry,
 *     config, Procs.SYSTEM_EXIT, Duration.ofSeconds(10))) {
 *   remote.proc().spawn("worker", new Worker());
 * }
 * }</pre>
 */
public final class AttachedProc implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AttachedProc.class);

  private final Proc proc;
  private final DuplexLink<AttachMessage, AttachMessage> link;
  private final Thread reader;

  private AttachedProc(Proc proc, DuplexLink<AttachMessage, AttachMessage> link, Thread reader) {
    this.proc = proc;
    this.link = link;
    this.reader = reader;
  }

  /**
   * Attaches a new proc to the host whose attach address is {@code attachAddr}, waiting at most
   * {@code timeout} for the host to assign its id.
   *
   * @throws HostException ({@code CHANNEL}) when the link cannot be opened, or the host does not
   *     answer in time or answers something else
   */
  public static AttachedProc attach(
      ChannelAddr attachAddr,
      RuntimeServices services,
      IntConsumer exitHook,
      Duration timeout) {
    checkNotNull(attachAddr, "attachAddr");
    HyperactorConfig config = services.config();
    EnvelopeCodec envelopes = new EnvelopeCodec(services.codecs());
    DuplexLink<AttachMessage, AttachMessage> link;
    try {
      link =
          services.channels().dialDuplex(
              attachAddr, AttachMessage.codec(envelopes), AttachMessage.codec(envelopes));
    } catch (ChannelException e) {
      throw new HostException(
          HostException.Kind.CHANNEL,
          "cannot attach to host at " + attachAddr + ": " + e.getMessage(),
          e);
    }
    AttachMessage.Bootstrap bootstrap;
    try {
      link.tx().post(new AttachMessage.Attach());
      Optional<AttachMessage> answer = link.rx().recv(timeout);
      if (answer.isEmpty() || !(answer.get() instanceof AttachMessage.Bootstrap b)) {
        throw new HostException(
            HostException.Kind.CHANNEL,
            "cannot attach to host at "
                + attachAddr
                + ": "
                + answer
                    .map(a -> "expected a bootstrap assignment, got " + a)
                    .orElse("no bootstrap assignment within " + timeout));
      }
      bootstrap = b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      link.close();
      throw new HostException(HostException.Kind.CHANNEL, "interrupted while attaching", e);
    } catch (RuntimeException e) {
      link.close();
      throw e;
    }
    int ttl = (int) Math.min(Integer.MAX_VALUE, config.get(HyperactorAttrs.MESSAGE_TTL_DEFAULT));
    DeferredSender returns = new DeferredSender();
    Proc proc =
        Procs.configured(
            bootstrap.procId(), new LinkSender(link.tx(), returns, ttl), services, exitHook);
    returns.set(proc);
    Thread reader =
        Thread.ofVirtual()
            .name("hyperactor-attached-" + bootstrap.procId().name())
            .start(() -> readLoop(proc, link));
    log.info("attached to host at {} as {}", attachAddr, bootstrap.procId());
    AttachedProc attached = new AttachedProc(proc, link, reader);
    // However the proc ends (close(), or its owner destroying it), the link ends with it.
    Procs.onTeardown(proc, attached::closeLink);
    return attached;
  }

  private static void readLoop(Proc proc, DuplexLink<AttachMessage, AttachMessage> link) {
    try {
      while (true) {
        AttachMessage message = link.rx().recv();
        switch (message) {
          case AttachMessage.Envelope e -> proc.post(e.envelope());
          case AttachMessage.Refused r ->
              log.warn("{}: the host refused a message: {}", proc.procId(), r.reason());
          default -> {
            String reason =
                proc.procId() + " is attached; only envelopes may follow, got " + message;
            log.warn("{}: refusing a message from the host: {}", proc.procId(), reason);
            link.tx().post(new AttachMessage.Refused(reason));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ChannelException e) {
      log.info("{}: link to the host closed: {}", proc.procId(), e.getMessage());
    }
  }

  /** The attached proc; its id is the host's frontend address and an assigned name. */
  public Proc proc() {
    return proc;
  }

  /** Tears the proc down and closes the link. */
  @Override
  public void close() {
    proc.destroyAndWait(Duration.ofSeconds(10), null, "detaching from host");
  }

  private void closeLink() {
    link.close();
    try {
      reader.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
