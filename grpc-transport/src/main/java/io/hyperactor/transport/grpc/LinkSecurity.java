package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.agent.PeerAuthorization;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.jspecify.annotations.Nullable;

/**
 * The security of one channel provider's links: mutual TLS for {@code tls:} addresses, with the
 * certificate, key and authority of the {@code tls_*} keys, and the identity each received message
 * is attributed to.
 *
 * <p>The TLS material is read on the first {@code tls:} serve or dial, and the two {@link
 * SslContext}s made then are shared by every later one; their key and trust managers re-read
 * changed files at each handshake. Both sides require TLS 1.3 or 1.2 and a certificate signed by
 * the authority; the dialing side also checks that the server's certificate names the host it
 * dialed (gRPC's endpoint identification). Thread-safe.
 */
final class LinkSecurity {
  /** The identity of the peer of the server call in progress, set by {@link #interceptor}. */
  static final Context.Key<ChannelPeer> PEER = Context.key("hyperactor-channel-peer");

  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final HyperactorConfig config;
  private final PeerAuthorization authorization;
  private @Nullable TlsContexts contexts;

  private record TlsContexts(
      SslContext server,
      SslContext client,
      ReloadingKeyManager keys,
      ReloadingTrustManager trust) {
    /** Picks up changed files before a new link, so that it does not resume an old session. */
    TlsContexts refreshed() {
      keys.refresh();
      trust.refresh();
      return this;
    }
  }

  LinkSecurity(HyperactorConfig config) {
    this.config = checkNotNull(config, "config");
    this.authorization = PeerAuthorization.from(config);
  }

  /** The server context for {@code addr}'s transport, or null for a plaintext one. */
  @Nullable SslContext serverContext(ChannelAddr addr) {
    return addr.transport() == ChannelTransport.TLS ? contexts(addr).server() : null;
  }

  /** The client context for {@code addr}'s transport, or null for a plaintext one. */
  @Nullable SslContext clientContext(ChannelAddr addr) {
    return addr.transport() == ChannelTransport.TLS ? contexts(addr).client() : null;
  }

  private synchronized TlsContexts contexts(ChannelAddr addr) {
    if (contexts == null) {
      try {
        ReloadingKeyManager keys =
            new ReloadingKeyManager(
                PemSource.of(config, HyperactorAttrs.TLS_CERT),
                PemSource.of(config, HyperactorAttrs.TLS_KEY));
        ReloadingTrustManager trust =
            new ReloadingTrustManager(PemSource.of(config, HyperactorAttrs.TLS_CA));
        SslContext server =
            GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK)
                .trustManager(trust)
                .clientAuth(ClientAuth.REQUIRE)
                .protocols(PROTOCOLS)
                .build();
        SslContext client =
            GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                .keyManager(keys)
                .trustManager(trust)
                .protocols(PROTOCOLS)
                .build();
        // A resumed TLS session skips the certificates: after a rotation, sessions made with the
        // old material must not be resumed, or new connections would carry the old identity.
        Runnable forget =
            () -> {
              forgetSessions(client);
              forgetSessions(server);
            };
        keys.onReload(forget);
        trust.onReload(forget);
        contexts = new TlsContexts(server, client, keys, trust);
      } catch (TlsMaterialException e) {
        throw new ChannelException(
            ChannelException.Kind.IO, "cannot use " + addr + ": " + e.getMessage(), e);
      } catch (SSLException e) {
        throw new ChannelException(
            ChannelException.Kind.IO,
            "cannot use " + addr + ": cannot set up TLS: " + e.getMessage(),
            e);
      }
    }
    return contexts.refreshed();
  }

  private static void forgetSessions(SslContext context) {
    SSLSessionContext sessions = context.sessionContext();
    for (byte[] id : Collections.list(sessions.getIds())) {
      SSLSession session = sessions.getSession(id);
      if (session != null) {
        session.invalidate();
      }
    }
  }

  /**
   * Records in the gRPC context of every call the identity its connection established: the
   * subject of the verified client certificate on a TLS server; on a plaintext server, an
   * unauthenticated peer when this process runs with {@code default_transport = tls} (so that
   * privileged operations from it are refused), and nothing otherwise (plaintext has no
   * authorization).
   */
  ServerInterceptor interceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        ChannelPeer peer = peerOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (peer == null) {
          return next.startCall(call, headers);
        }
        return Contexts.interceptCall(Context.current().withValue(PEER, peer), call, headers, next);
      }
    };
  }

  /**
   * The identity of messages the dialing side of a duplex link receives from the acceptor: none
   * checked (plain decoding) without authorization; with it, an unauthenticated peer, so that
   * privileged operations are never accepted over a link this side dialed.
   */
  @Nullable ChannelPeer initiatorPeer() {
    return authorization.enabled() ? ChannelPeer.unauthenticated() : null;
  }

  private @Nullable ChannelPeer peerOf(@Nullable SSLSession session) {
    if (session == null) {
      return authorization.enabled() ? ChannelPeer.unauthenticated() : null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        String subject = leaf.getSubjectX500Principal().getName();
        return new ChannelPeer.Authenticated(subject, authorization.allows(subject));
      }
    } catch (SSLPeerUnverifiedException e) {
      // Cannot happen with ClientAuth.REQUIRE; treated as no identity at all.
    }
    return ChannelPeer.unauthenticated();
  }
}
