package io.hyperactor.transport.grpc;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate and key this process presents on {@code tls:} links ({@code tls_cert}, {@code
 * tls_key}), re-read when their files change.
 *
 * <p>Every handshake first compares the files' modification time, size and identity with those it
 * last loaded; on a change it loads both again, so new connections present the new certificate
 * while established ones keep theirs. A certificate and key that do not belong together (a
 * rotation caught between writing the two files) or a file that cannot be read keep the previous
 * pair in use, with a warning, and are tried again at the next handshake. Thread-safe.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger logger = LoggerFactory.getLogger(ReloadingKeyManager.class);

  private record Loaded(
      @Nullable Object certVersion,
      @Nullable Object keyVersion,
      String alias,
      X509Certificate[] chain,
      PrivateKey key) {}

  private final PemSource cert;
  private final PemSource key;
  private final AtomicLong generations = new AtomicLong();
  private volatile Loaded current;
  private volatile Runnable onReload = () -> {};
  // The pair before the last reload: a handshake that chose its alias just before may still ask.
  private volatile @Nullable Loaded previous;
  // Versions whose failure was already logged, so that a bad pair warns once, not per handshake.
  private @Nullable List<@Nullable Object> warned;

  /**
   * Loads the pair now.
   *
   * @throws TlsMaterialException naming the key at fault when either cannot be read or parsed, or
   *     when the key is not the certificate's
   */
  ReloadingKeyManager(PemSource cert, PemSource key) {
    this.cert = cert;
    this.key = key;
    this.current = load(cert.version(), key.version());
  }

  /** The certificate presented now (after reloading changed files). */
  X509Certificate certificate() {
    return fresh().chain()[0];
  }

  private Loaded load(@Nullable Object certVersion, @Nullable Object keyVersion) {
    List<X509Certificate> chain = Pem.certificates(cert.key(), cert.read());
    PrivateKey privateKey = Pem.privateKey(key.key(), key.read());
    checkPair(chain.getFirst(), privateKey);
    return new Loaded(
        certVersion,
        keyVersion,
        "hyperactor-" + generations.incrementAndGet(),
        chain.toArray(X509Certificate[]::new),
        privateKey);
  }

  /** Signs random bytes with the key and verifies them with the certificate. */
  private void checkPair(X509Certificate certificate, PrivateKey privateKey) {
    String algorithm =
        switch (privateKey.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> privateKey.getAlgorithm(); // Ed25519, Ed448 and EdDSA sign as themselves.
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new TlsMaterialException(
          key.key()
              + " is not the private key of the "
              + cert.key()
              + " certificate ("
              + certificate.getSubjectX500Principal().getName()
              + ")");
    }
  }

  private Loaded fresh() {
    Loaded loaded = current;
    Object certVersion = cert.version();
    Object keyVersion = key.version();
    if (Objects.equals(certVersion, loaded.certVersion())
        && Objects.equals(keyVersion, loaded.keyVersion())) {
      return loaded;
    }
    synchronized (this) {
      loaded = current;
      if (Objects.equals(certVersion, loaded.certVersion())
          && Objects.equals(keyVersion, loaded.keyVersion())) {
        return loaded;
      }
      try {
        Loaded next = load(certVersion, keyVersion);
        previous = loaded;
        current = next;
        warned = null;
        onReload.run();
        logger.info(
            "reloaded the TLS certificate from {}: now presenting {}",
            cert,
            next.chain()[0].getSubjectX500Principal().getName());
        return next;
      } catch (TlsMaterialException e) {
        List<@Nullable Object> versions = Arrays.asList(certVersion, keyVersion);
        if (!versions.equals(warned)) {
          warned = versions;
          logger.warn(
              "the TLS certificate or key changed but cannot be used yet, keeping the previous"
                  + " one: {}",
              e.getMessage());
        }
        return loaded;
      }
    }
  }

  private @Nullable Loaded byAlias(@Nullable String alias) {
    Loaded now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Loaded before = previous;
    return before != null && before.alias().equals(alias) ? before : null;
  }

  private static boolean fits(@Nullable String keyType, Loaded loaded) {
    if (keyType == null) {
      return true;
    }
    String algorithm = loaded.key().getAlgorithm();
    return keyType.equals(algorithm)
        || keyType.startsWith(algorithm + "_")
        || (algorithm.startsWith("Ed") && keyType.equals("EdDSA"));
  }

  private @Nullable String choose(String @Nullable [] keyTypes) {
    Loaded loaded = fresh();
    if (keyTypes == null) {
      return loaded.alias();
    }
    for (String keyType : keyTypes) {
      if (fits(keyType, loaded)) {
        return loaded.alias();
      }
    }
    return null;
  }

  private @Nullable String choose(@Nullable String keyType) {
    Loaded loaded = fresh();
    return fits(keyType, loaded) ? loaded.alias() : null;
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
  public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
    String alias = choose(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public @Nullable String chooseClientAlias(
      String[] keyTypes, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public @Nullable String chooseEngineClientAlias(
      String[] keyTypes, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    String alias = choose(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public @Nullable String chooseServerAlias(
      String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return choose(keyType);
  }

  @Override
  public @Nullable String chooseEngineServerAlias(
      String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return choose(keyType);
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    Loaded loaded = byAlias(alias);
    return loaded == null ? null : loaded.chain().clone();
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    Loaded loaded = byAlias(alias);
    return loaded == null ? null : loaded.key();
  }
}
