package io.hyperactor.internal.mailbox;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.DeliveryError;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.Channels;
import io.hyperactor.channel.Tx;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes envelopes to other procs over channels it dials and caches, one {@link MailboxClient} per
 * channel address.
 *
 * <p>The address of a destination comes from the address book (an entry for the actor, else for
 * its proc) and otherwise from the destination's own proc id, since every proc is served on the
 * channel address in its id. All traffic for one address shares one client and therefore one
 * channel session, so envelopes are FIFO per (router, address).
 *
 * <p>A cached client whose channel has closed is replaced by a fresh dial on the next post, unlike
 * upstream, which keeps failing through the dead client. A dial failure returns the envelope as
 * {@code Unroutable("cannot dial destination …")}. Thread-safe; {@link #close} closes every
 * channel it dialed.
 */
public final class DialMailboxRouter implements MailboxSender, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DialMailboxRouter.class);

  /** How long {@link #close} waits for a replaced link that is still closing. */
  private static final Duration CLOSING_WAIT = Duration.ofSeconds(60);

  private final ChannelCodec<MessageEnvelope> codec;
  private final Channels channels;
  private final ConcurrentHashMap<Object, ChannelAddr> book = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ChannelAddr, MailboxClient> clients = new ConcurrentHashMap<>();
  private volatile MailboxSender returnPath = this;
  private volatile boolean closed;
  // Replaced links being closed in the background: a post never waits for a close.
  private final Set<Thread> closing = ConcurrentHashMap.newKeySet();
  // The last route taken, by the identity of the destination actor's id: a sender posts to the
  // same destination object over and over, and each lookup hashed its id (through the channel
  // address) into the book, then the address into the clients. A route is valid while the book
  // keeps the version it was read at; every change of the book bumps the version after it.
  private final AtomicLong bookVersion = new AtomicLong();
  private volatile @Nullable Route lastRoute;
  // An address never dialled (see refuse), and the reason an envelope routed there comes back.
  private volatile @Nullable Refusal refusal;

  private record Route(ActorId actor, long bookVersion, MailboxClient client) {}

  private record Refusal(ChannelAddr addr, Function<ActorId, String> reason) {}

  /** A router that dials with {@code codec}; undeliverables return through the router itself. */
  public DialMailboxRouter(ChannelCodec<MessageEnvelope> codec, Channels channels) {
    this.codec = checkNotNull(codec, "codec");
    this.channels = checkNotNull(channels, "channels");
  }

  /**
   * Sets where undeliverable envelopes go: normally the local proc, which delivers returns for its
   * own actors without a network hop.
   */
  public void setReturnPath(MailboxSender returnPath) {
    this.returnPath = checkNotNull(returnPath, "returnPath");
  }

  /**
   * Never dials {@code addr}: an envelope whose destination resolves to it comes back to its
   * sender as {@code unroutable}, with the reason {@code reason} gives for the destination actor.
   * A host sets its own frontend: an envelope for a proc named on that address that the host does
   * not route (stopped, or never spawned) would be dialled back to the host's own router, round and
   * round until its TTL ran out. Checked only where a destination's address is looked up, past the
   * last-route shortcut, so it costs the envelopes that take the shortcut nothing.
   */
  public void refuse(ChannelAddr addr, Function<ActorId, String> reason) {
    refusal = new Refusal(checkNotNull(addr, "addr"), checkNotNull(reason, "reason"));
  }

  /** Routes every actor of {@code proc} to {@code addr}. */
  public void bind(ProcId proc, ChannelAddr addr) {
    rebind(checkNotNull(proc, "proc"), checkNotNull(addr, "addr"));
  }

  /** Routes {@code actor} to {@code addr}. */
  public void bind(ActorId actor, ChannelAddr addr) {
    rebind(checkNotNull(actor, "actor"), checkNotNull(addr, "addr"));
  }

  private void rebind(Object key, ChannelAddr addr) {
    ChannelAddr old = book.put(key, addr);
    bookVersion.incrementAndGet();
    if (old != null && !old.equals(addr)) {
      evict(old);
    }
  }

  /** Removes the book entry of {@code proc} and of every actor on it, closing their channels. */
  public void unbind(ProcId proc) {
    for (ChannelAddr addr : remove(proc)) {
      evict(addr);
    }
  }

  /**
   * Forgets {@code proc}, which has ended for {@code reason}, like {@link #unbind(ProcId)}, but
   * closes its channels in the background and returns what they hold unacknowledged with that
   * reason: a message written to a proc that then died would otherwise wait on a link redialing a
   * dead address until its delivery timeout, and come back naming only the link.
   */
  public void endRoute(ProcId proc, String reason) {
    checkNotNull(reason, "reason");
    for (ChannelAddr addr : remove(proc)) {
      MailboxClient client = clients.remove(addr);
      if (client != null) {
        closeInBackground(client, () -> client.closeBecause(reason));
      }
    }
  }

  /** Removes the book entries of {@code proc} and its actors; returns their addresses. */
  private List<ChannelAddr> remove(ProcId proc) {
    checkNotNull(proc, "proc");
    List<Object> keys = new ArrayList<>();
    for (Object key : book.keySet()) {
      if (key.equals(proc) || (key instanceof ActorId a && a.procId().equals(proc))) {
        keys.add(key);
      }
    }
    List<ChannelAddr> addrs = new ArrayList<>(keys.size());
    for (Object key : keys) {
      ChannelAddr addr = book.remove(key);
      bookVersion.incrementAndGet();
      if (addr != null) {
        addrs.add(addr);
      }
    }
    return addrs;
  }

  /** Removes the book entry of {@code actor}, closing its channel. */
  public void unbind(ActorId actor) {
    ChannelAddr addr = book.remove(checkNotNull(actor, "actor"));
    bookVersion.incrementAndGet();
    if (addr != null) {
      evict(addr);
    }
  }

  private void evict(ChannelAddr addr) {
    MailboxClient client = clients.remove(addr);
    if (client != null) {
      client.close();
    }
  }

  /** The address envelopes for {@code actor} are sent to. */
  public ChannelAddr lookupAddr(ActorId actor) {
    ChannelAddr addr = book.get(actor);
    if (addr == null) {
      addr = book.get(actor.procId());
    }
    return addr != null ? addr : actor.procId().addr();
  }

  @Override
  public void post(MessageEnvelope envelope) {
    MessageEnvelope next = Returns.hop(envelope, returnPath);
    if (next == null) {
      return;
    }
    ActorId actor = next.dest().actorId();
    long version = bookVersion.get();
    Route route = lastRoute;
    if (route != null
        && route.actor() == actor
        && route.bookVersion() == version
        && !closed
        && !route.client().tx().status().isClosed()) {
      route.client().post(next);
      return;
    }
    ChannelAddr addr = lookupAddr(actor);
    Refusal refused = refusal;
    if (refused != null && refused.addr().equals(addr)) {
      Returns.undeliverable(
          returnPath,
          next,
          new DeliveryError(DeliveryError.Kind.UNROUTABLE, refused.reason().apply(actor)));
      return;
    }
    MailboxClient client;
    try {
      client = client(addr);
    } catch (RuntimeException e) {
      Returns.undeliverable(
          returnPath,
          next,
          new DeliveryError(
              DeliveryError.Kind.UNROUTABLE,
              "cannot dial destination " + addr + " for " + next.dest() + ": " + e.getMessage()));
      return;
    }
    lastRoute = new Route(actor, version, client);
    client.post(next);
  }

  private MailboxClient client(ChannelAddr addr) {
    if (closed) {
      throw new IllegalStateException("router is closed");
    }
    MailboxClient client = clients.get(addr);
    if (client != null && !client.tx().status().isClosed()) {
      return client;
    }
    List<MailboxClient> ended = new ArrayList<>(1);
    MailboxClient current =
        clients.compute(
            addr,
            (a, existing) -> {
              if (existing != null && !existing.tx().status().isClosed()) {
                return existing;
              }
              // Checked again under the entry's lock: close() empties the map after setting the
              // flag, so no link dialed here can outlive it.
              if (closed) {
                throw new IllegalStateException("router is closed");
              }
              if (existing != null) {
                log.info("redialing {}: previous link closed: {}", a, existing.tx().status());
                ended.add(existing);
              }
              Tx<MessageEnvelope> tx = channels.dial(a, codec);
              return new MailboxClient(tx, returnPath);
            });
    // A link that ended on its own still holds its transport threads until it is closed. Closing
    // may wait for the peer, and posts run on threads that must not block (a transport's
    // receiving thread, an actor's worker), so it is closed on a thread of its own.
    ended.forEach(link -> closeInBackground(link, link::close));
    return current;
  }

  /** Runs {@code close}, which closes {@code ended}, on a thread {@link #close()} waits for. */
  private void closeInBackground(MailboxClient ended, Runnable close) {
    Thread closer =
        Thread.ofVirtual()
            .name("dial-router-close-" + ended.tx().addr())
            .unstarted(
                () -> {
                  try {
                    close.run();
                  } finally {
                    closing.remove(Thread.currentThread());
                  }
                });
    closing.add(closer);
    closer.start();
  }

  /** The client cached for {@code addr}, if any. */
  @Nullable MailboxClient cachedClient(ChannelAddr addr) {
    return clients.get(addr);
  }

  @Override
  public void flush(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (MailboxClient client : clients.values()) {
      client.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
  }

  /**
   * Closes every dialed channel, and waits for the replaced ones still closing; envelopes not yet
   * acknowledged come back to their senders.
   */
  @Override
  public void close() {
    closed = true;
    // A dial that checked the flag before it was set may still be adding its link; go round until
    // none is left.
    while (!clients.isEmpty()) {
      for (ChannelAddr addr : List.copyOf(clients.keySet())) {
        evict(addr);
      }
    }
    for (Thread closer : List.copyOf(closing)) {
      try {
        if (!closer.join(CLOSING_WAIT)) {
          log.warn("{}: a replaced link still closing after {}", this, CLOSING_WAIT);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "DialMailboxRouter" + book;
  }
}
