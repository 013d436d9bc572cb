package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.ChannelException;
import io.hyperactor.channel.ChannelPeer;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.channel.Rx;
import io.hyperactor.channel.SendError;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.testing.TestCertificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on {@code tls:} channels: who may connect, what a refused peer sees, which identity a
 * received message is attributed to, and certificate rotation.
 */
@ExtendWith(TestTransports.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TlsChannelTest {
  private static final String CLIENT = "CN=client,O=hyperactor-test";
  private static final String SERVER = "CN=server,O=hyperactor-test";

  private final TestCertificates.Authority ca = TestCertificates.authority("CN=test-ca");
  private final TestCertificates.Authority otherCa = TestCertificates.authority("CN=other-ca");

  @TempDir Path dir;

  /** Strings tagged with the identity the transport gave their sender: {@code subject|text}. */
  private static final ChannelCodec<String> TAGGING =
      new ChannelCodec<>() {
        @Override
        public byte[] encode(String message) {
          return message.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String decode(byte[] bytes) {
          return "none|" + new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String decode(ByteBuffer bytes, ChannelPeer peer) {
          String who =
              switch (peer) {
                case ChannelPeer.Authenticated a -> a.subject();
                case ChannelPeer.Unauthenticated u -> "unauthenticated";
              };
          byte[] copy = new byte[bytes.remaining()];
          bytes.get(copy);
          return who + "|" + new String(copy, StandardCharsets.UTF_8);
        }
      };

  /** A configuration whose TLS keys name the files {@code issued} was written to. */
  private HyperactorConfig configFor(TestCertificates.Issued issued, String name) throws Exception {
    return configFor(issued.writeTo(Files.createDirectories(dir.resolve(name))));
  }

  private static HyperactorConfig configFor(Path files) {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.TLS_CERT, files.resolve("cert.pem").toString());
    config.set(HyperactorAttrs.TLS_KEY, files.resolve("key.pem").toString());
    config.set(HyperactorAttrs.TLS_CA, files.resolve("ca.pem").toString());
    return config;
  }

  /**
   * {@code config} with a short delivery timeout, for a sender whose messages must come back: the
   * default would make each refusal test wait 30 s. Senders whose messages must arrive keep the
   * default, so that a slow first handshake on a loaded machine does not return them.
   */
  private static HyperactorConfig returningSoon(HyperactorConfig config) {
    config.set(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT, Duration.ofSeconds(3));
    return config;
  }

  private Rx<String> serve(HyperactorConfig config) {
    return new GrpcChannelProvider(config)
        .serve(ChannelAddr.anyLocalhost(ChannelTransport.TLS), TAGGING);
  }

  /** Sends {@code text} from a process configured by {@code config}; the future gets any return. */
  private static Tx<String> dial(
      HyperactorConfig config, ChannelAddr addr, CompletableFuture<SendError<String>> returned) {
    return new GrpcChannelProvider(config).dial(addr, TAGGING, returned::complete);
  }

  @Test
  void clientWithCertificateFromTheCaConnects() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    HyperactorConfig client = configFor(ca.issue(CLIENT), "client");
    try (Rx<String> rx = serve(server)) {
      assertThat(rx.addr().toString()).startsWith("tls:localhost:");
      CompletableFuture<SendError<String>> returned = new CompletableFuture<>();
      try (Tx<String> tx = dial(client, rx.addr(), returned)) {
        tx.post("hello");
        // The receiver attributes the message to the subject of the certificate it verified.
        assertThat(rx.recv()).isEqualTo(CLIENT + "|hello");
      }
      assertThat(returned.isDone()).isFalse();
    }
  }

  @Test
  void ipv6AndIpLiteralAddressesWork() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    HyperactorConfig client = configFor(ca.issue(CLIENT), "client");
    for (String addr : new String[] {"tls:127.0.0.1:0", "tls:[::1]:0"}) {
      Rx<String> rx;
      try {
        rx = new GrpcChannelProvider(server).serve(ChannelAddr.parse(addr), TAGGING);
      } catch (ChannelException e) {
        assumeTrue(!addr.contains("::"), "no IPv6 loopback here: " + e.getMessage());
        throw e;
      }
      try (rx;
          Tx<String> tx = dial(client, rx.addr(), new CompletableFuture<>())) {
        assertThat(rx.addr().toString()).startsWith(addr.substring(0, addr.length() - 1));
        tx.post("over " + addr);
        // The certificate names the IP: the client's name check passes for an IP literal.
        assertThat(rx.recv()).isEqualTo(CLIENT + "|over " + addr);
      }
    }
  }

  @Test
  void clientWithoutCertificateIsRefusedAtTheHandshake() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    try (CapturedLog log = CapturedLog.of(RefusedHandshakeLog.class);
        Rx<String> rx = serve(server)) {
      SSLException refused =
          assertThrows(SSLException.class, () -> handshakeAndRead(rx.addr(), null, ca));
      assertThat(refused).hasMessageThat().contains("certificate_required");
      assertThat(rx.recv(Duration.ZERO)).isEmpty();

      // The server says at WARN whom it refused, and why.
      String warning = log.await("WARN", 1, Duration.ofSeconds(30)).getFirst();
      assertThat(warning).contains("refused a TLS handshake from /127.0.0.1:");
      assertThat(warning).contains("the client presented no certificate");
    }
  }

  @Test
  void repeatedRefusalsFromOneHostAreLoggedOnceAMinute() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    try (CapturedLog log = CapturedLog.of(RefusedHandshakeLog.class);
        Rx<String> rx = serve(server)) {
      // The client's preface may meet the closed connection before the alert is read: only the
      // server's side matters here.
      assertThrows(IOException.class, () -> handshakeAndRead(rx.addr(), null, ca));
      log.await("WARN", 1, Duration.ofSeconds(30));
      assertThrows(IOException.class, () -> handshakeAndRead(rx.addr(), null, ca));
      assertThrows(IOException.class, () -> handshakeAndRead(rx.addr(), null, ca));
      // The later two (from other ports of the same host) are seen, at DEBUG only.
      List<String> quiet = log.await("DEBUG", 2, Duration.ofSeconds(30));
      assertThat(quiet.getFirst()).contains("already logged for this host this minute");
      assertThat(log.lines().stream().filter(l -> l.startsWith("WARN")).count()).isEqualTo(1);
    }
  }

  @Test
  void clientWithCertificateFromAnotherCaIsRefusedAtTheHandshake() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    TestCertificates.Issued stranger = otherCa.issue(CLIENT);
    // The stranger trusts the server's authority: the server is the one refusing.
    HyperactorConfig client = returningSoon(configFor(stranger, "stranger"));
    client.set(HyperactorAttrs.TLS_CA, ca.certificatePem());
    try (CapturedLog log = CapturedLog.of(RefusedHandshakeLog.class);
        Rx<String> rx = serve(server)) {
      // A JDK client trusting only its own authority refuses the server first.
      SSLException refused =
          assertThrows(SSLException.class, () -> handshakeAndRead(rx.addr(), stranger, otherCa));
      assertThat(refused).hasMessageThat().contains("certificate_unknown");
      assertThat(log.await("WARN", 1, Duration.ofSeconds(30)).getFirst())
          .contains("refused a TLS handshake from /127.0.0.1:");
      assertThat(log.lines().getFirst())
          .contains("the client refused this server's certificate (Received fatal alert");

      // Through the channel the message comes back at the delivery timeout, never delivered.
      CompletableFuture<SendError<String>> returned = new CompletableFuture<>();
      try (Tx<String> tx = dial(client, rx.addr(), returned)) {
        tx.post("let me in");
        SendError<String> error = returned.get(60, TimeUnit.SECONDS);
        assertThat(error.message()).isEqualTo("let me in");
        assertThat(error.error().kind()).isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
        // The error says why the link never connected.
        assertThat(error.error())
            .hasMessageThat()
            .contains(
                "never connected: TLS handshake failed: the server refused this side's"
                    + " certificate");
        assertThat(error.error()).hasMessageThat().contains("certificate_unknown");
      }
      // The server saw why; from the same host within the minute, that is logged at DEBUG.
      assertThat(log.await("DEBUG", 1, Duration.ofSeconds(30)).getFirst())
          .contains("the client's certificate is not signed by an authority in tls_ca");
      assertThat(rx.recv(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void serverWithCertificateFromAnotherCaIsRefusedByTheClient() throws Exception {
    HyperactorConfig impostor = configFor(otherCa.issue(SERVER), "impostor");
    TestCertificates.Issued client = ca.issue(CLIENT);
    try (Rx<String> rx = serve(impostor)) {
      SSLException refused =
          assertThrows(SSLException.class, () -> handshakeAndRead(rx.addr(), client, ca));
      assertThat(refused).hasMessageThat().contains("PKIX path building failed");

      CompletableFuture<SendError<String>> returned = new CompletableFuture<>();
      try (Tx<String> tx = dial(returningSoon(configFor(client, "client")), rx.addr(), returned)) {
        tx.post("secret");
        ChannelException error = returned.get(60, TimeUnit.SECONDS).error();
        assertThat(error.kind()).isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
        assertThat(error)
            .hasMessageThat()
            .contains(
                "never connected: TLS handshake failed: the server's certificate is not signed by"
                    + " an authority in tls_ca (PKIX path building failed");
      }
      assertThat(rx.recv(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void clientChecksThatTheServerCertificateNamesTheDialedHost() throws Exception {
    // Signed by the right authority, but for another host name only.
    HyperactorConfig elsewhere =
        configFor(ca.issue(SERVER, false, "elsewhere.example"), "elsewhere");
    HyperactorConfig client = returningSoon(configFor(ca.issue(CLIENT), "client"));
    try (Rx<String> rx = serve(elsewhere)) {
      CompletableFuture<SendError<String>> returned = new CompletableFuture<>();
      try (Tx<String> tx = dial(client, rx.addr(), returned)) {
        tx.post("to localhost");
        ChannelException error = returned.get(60, TimeUnit.SECONDS).error();
        assertThat(error.kind()).isEqualTo(ChannelException.Kind.DELIVERY_TIMEOUT);
        assertThat(error)
            .hasMessageThat()
            .contains(
                "never connected: TLS handshake failed: the server's certificate does not name"
                    + " localhost (No subject alternative DNS name matching localhost");
      }
      assertThat(rx.recv(Duration.ZERO)).isEmpty();
    }
  }

  @Test
  void rotatedClientCertificateIsPresentedByNewConnections() throws Exception {
    HyperactorConfig server = configFor(ca.issue(SERVER), "server");
    Path files = Files.createDirectories(dir.resolve("client"));
    ca.issue("CN=client-1,O=hyperactor-test").writeTo(files);
    HyperactorConfig client = configFor(files);
    GrpcChannelProvider clientProvider = new GrpcChannelProvider(client);
    try (Rx<String> rx = serve(server)) {
      try (Tx<String> tx = clientProvider.dial(rx.addr(), TAGGING, e -> {})) {
        tx.post("before");
        assertThat(rx.recv()).isEqualTo("CN=client-1,O=hyperactor-test|before");
      }
      ca.issue("CN=client-2,O=hyperactor-test").writeTo(files);
      try (Tx<String> tx = clientProvider.dial(rx.addr(), TAGGING, e -> {})) {
        tx.post("after");
        assertThat(rx.recv()).isEqualTo("CN=client-2,O=hyperactor-test|after");
      }
    }
  }

  @Test
  void rotatedServerCertificateIsPresentedToNewConnections() throws Exception {
    Path files = Files.createDirectories(dir.resolve("server"));
    ca.issue("CN=server-1,O=hyperactor-test").writeTo(files);
    TestCertificates.Issued client = ca.issue(CLIENT);
    try (Rx<String> rx = serve(configFor(files))) {
      assertThat(serverSubject(rx.addr(), client)).isEqualTo("CN=server-1,O=hyperactor-test");
      ca.issue("CN=server-2,O=hyperactor-test").writeTo(files);
      assertThat(serverSubject(rx.addr(), client)).isEqualTo("CN=server-2,O=hyperactor-test");
    }
  }

  @Test
  void missingMaterialIsAnErrorNamingTheKey() throws Exception {
    HyperactorConfig config = configFor(ca.issue(SERVER), "server");
    config.set(HyperactorAttrs.TLS_KEY, dir.resolve("absent.pem").toString());
    ChannelException e = assertThrows(ChannelException.class, () -> serve(config));
    assertThat(e.kind()).isEqualTo(ChannelException.Kind.IO);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "cannot use tls:localhost:0: cannot read tls_key file "
                + dir.resolve("absent.pem")
                + ": no such file");

    HyperactorConfig wrongKey = configFor(ca.issue(SERVER), "mismatched");
    wrongKey.set(HyperactorAttrs.TLS_KEY, ca.issue(CLIENT).keyPem());
    ChannelException mismatch =
        assertThrows(
            ChannelException.class,
            () ->
                new GrpcChannelProvider(wrongKey)
                    .dial(ChannelAddr.parse("tls:localhost:1"), TAGGING, x -> {}));
    assertThat(mismatch)
        .hasMessageThat()
        .contains("tls_key is not the private key of the tls_cert certificate (CN=server");
  }

  @Test
  void inlinePemWorksLikeFiles() throws Exception {
    TestCertificates.Issued serverCert = ca.issue(SERVER);
    HyperactorConfig server = HyperactorConfig.defaultsOnly();
    server.set(HyperactorAttrs.TLS_CERT, serverCert.certificatePem());
    server.set(HyperactorAttrs.TLS_KEY, serverCert.keyPem());
    server.set(HyperactorAttrs.TLS_CA, ca.certificatePem());
    try (Rx<String> rx = serve(server);
        Tx<String> tx = dial(configFor(ca.issue(CLIENT), "client"), rx.addr(), new CompletableFuture<>())) {
      tx.post("inline");
      assertThat(rx.recv()).isEqualTo(CLIENT + "|inline");
    }
  }

  // ------------------------------------------------------------------ raw TLS clients

  /** The subject of the certificate the server at {@code addr} presents to a new connection. */
  private static String serverSubject(ChannelAddr addr, TestCertificates.Issued client)
      throws Exception {
    try (SSLSocket socket = connect(addr, client, client.issuer())) {
      socket.startHandshake();
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
    }
  }

  /**
   * Handshakes with the server at {@code addr} as a client presenting {@code identity} (none when
   * null) and trusting {@code trusted}, then reads: a TLS 1.3 server refuses a client certificate
   * after the client's side of the handshake is done, so the refusal shows at the first read.
   */
  private static void handshakeAndRead(
      ChannelAddr addr,
      TestCertificates.@Nullable Issued identity,
      TestCertificates.Authority trusted)
      throws Exception {
    try (SSLSocket socket = connect(addr, identity, trusted)) {
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      // In TLS 1.3 the client's side of the handshake ends before the server has checked the
      // client's certificate, so the server's verdict is the first thing read: a refusal is an
      // alert (an SSLException here), an accepted client reads the server's HTTP/2 settings and
      // returns normally. Nothing is written first: a write may meet the connection the server
      // closed after its alert and fail with a broken pipe before the alert is read.
      socket.getInputStream().read();
    }
  }

  private static SSLSocket connect(
      ChannelAddr addr,
      TestCertificates.@Nullable Issued identity,
      TestCertificates.Authority trusted)
      throws Exception {
    ChannelAddr.Tls tls = (ChannelAddr.Tls) addr;
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    trustStore.setCertificateEntry("ca", trusted.certificate());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    KeyManagerFactory keys = null;
    if (identity != null) {
      KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
      keyStore.load(null, null);
      keyStore.setKeyEntry(
          "me", identity.key(), new char[0], new Certificate[] {identity.certificate()});
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, new char[0]);
    }
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tls.host(), tls.port());
    socket.setSoTimeout(30_000);
    return socket;
  }
}
