package io.hyperactor.transport.grpc;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts exactly the certificates the configured authority signed ({@code tls_ca}, one or more CA
 * certificates), re-reading the file when it changes; the JDK's PKIX checks do the verifying, and
 * on the dialing side also check the server's name ({@code SSLParameters}' endpoint identification,
 * which gRPC sets). An unreadable or malformed new file keeps the previous authorities, with a
 * warning. Thread-safe.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private static final Logger logger = LoggerFactory.getLogger(ReloadingTrustManager.class);

  private record Loaded(@Nullable Object version, X509ExtendedTrustManager delegate) {}

  private final PemSource ca;
  private volatile Loaded current;
  private volatile Runnable onReload = () -> {};
  private @Nullable Object warned;

  /**
   * Loads the authorities now.
   *
   * @throws TlsMaterialException naming {@code tls_ca} when it cannot be read or parsed
   */
  ReloadingTrustManager(PemSource ca) {
    this.ca = ca;
    this.current = load(ca.version());
  }

  private Loaded load(@Nullable Object version) {
    List<X509Certificate> authorities = Pem.certificates(ca.key(), ca.read());
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return new Loaded(version, extended);
        }
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new TlsMaterialException(
          "cannot build a trust store from " + ca.key() + ": " + e.getMessage(), e);
    }
    throw new TlsMaterialException("the JDK offers no X509ExtendedTrustManager for " + ca.key());
  }

  private X509ExtendedTrustManager fresh() {
    Loaded loaded = current;
    Object version = ca.version();
    if (Objects.equals(version, loaded.version())) {
      return loaded.delegate();
    }
    synchronized (this) {
      loaded = current;
      if (Objects.equals(version, loaded.version())) {
        return loaded.delegate();
      }
      try {
        current = load(version);
        warned = null;
        onReload.run();
        logger.info("reloaded the TLS certificate authority from {}", ca);
        return current.delegate();
      } catch (TlsMaterialException e) {
        if (!Objects.equals(version, warned)) {
          warned = version;
          logger.warn(
              "the TLS certificate authority changed but cannot be used, keeping the previous"
                  + " one: {}",
              e.getMessage());
        }
        return loaded.delegate();
      }
    }
  }

  /** Reloads now if the files changed (handshakes do this too, but resumed sessions do not). */
  void refresh() {
    fresh();
  }

  /** Runs {@code action} after every reload (to forget TLS sessions made with the old material). */
  void onReload(Runnable action) {
    this.onReload = action;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    fresh().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    fresh().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    fresh().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    fresh().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    fresh().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    fresh().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return fresh().getAcceptedIssuers();
  }
}
