package io.hyperactor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificate authorities and certificates made in memory for TLS tests, so that no private key is
 * ever committed.
 *
 * <p>Keys are EC P-256; certificates are valid from an hour ago for a day. A leaf certificate is
 * for both TLS server and client use and names, besides any names given, {@code localhost}, {@code
 * 127.0.0.1}, {@code ::1} and this machine's hostname, so that it serves every local test address.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("CN=test-ca");
 * TestCertificates.Issued client = ca.issue("CN=client,O=test");
 * client.writeTo(dir); // ca.pem, cert.pem, key.pem
 * }</pre>
 */
public final class TestCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestCertificates() {}

  /** A new self-signed certificate authority with subject {@code subject}. */
  public static Authority authority(String subject) {
    KeyPair keys = newKeyPair();
    X500Name name = x500(subject);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = builder(name, name, keys);
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new Authority(sign(builder, keys.getPrivate()), keys);
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a test certificate authority", e);
    }
  }

  /** A certificate authority and its key. */
  public static final class Authority {
    private final X509Certificate certificate;
    private final KeyPair keys;

    private Authority(X509Certificate certificate, KeyPair keys) {
      this.certificate = certificate;
      this.keys = keys;
    }

    /** The authority's own certificate. */
    public X509Certificate certificate() {
      return certificate;
    }

    /** The authority's certificate in PEM form. */
    public String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    /**
     * A certificate for {@code subject} signed by this authority, naming the local addresses and
     * {@code moreNames} (DNS names or IP literals) as subject alternative names.
     */
    public Issued issue(String subject, String... moreNames) {
      return issue(subject, true, moreNames);
    }

    /**
     * Like {@link #issue(String, String...)}; without {@code localNames} the certificate names
     * only {@code names}, to test that a client checks the name it dialed.
     */
    public Issued issue(String subject, boolean localNames, String... names) {
      KeyPair leaf = newKeyPair();
      try {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder =
            builder(
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                x500(subject),
                leaf);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        builder.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            utils.createAuthorityKeyIdentifier(certificate));
        Set<String> all = new LinkedHashSet<>();
        if (localNames) {
          all.addAll(List.of("localhost", "127.0.0.1", "::1"));
          all.addAll(hostNames());
        }
        all.addAll(List.of(names));
        if (!all.isEmpty()) {
          List<GeneralName> general = new ArrayList<>();
          for (String n : all) {
            general.add(
                isIpLiteral(n)
                    ? new GeneralName(GeneralName.iPAddress, n)
                    : new GeneralName(GeneralName.dNSName, n));
          }
          builder.addExtension(
              Extension.subjectAlternativeName,
              false,
              new GeneralNames(general.toArray(GeneralName[]::new)));
        }
        return new Issued(sign(builder, keys.getPrivate()), leaf.getPrivate(), this);
      } catch (CertIOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
      }
    }
  }

  /**
   * A certificate, its private key and the authority that signed it.
   *
   * @param certificate the certificate
   * @param key its private key
   * @param issuer the authority that signed it
   */
  public record Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {

    /** The certificate's subject in RFC 2253 form. */
    public String subject() {
      return certificate.getSubjectX500Principal().getName();
    }

    /** The certificate in PEM form. */
    public String certificatePem() {
      return pem("CERTIFICATE", encoded(certificate));
    }

    /** The private key as unencrypted PKCS#8 PEM. */
    public String keyPem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Writes {@code ca.pem}, {@code cert.pem} and {@code key.pem} into {@code dir}, each through a
     * temporary file renamed into place (as a mounted Kubernetes Secret changes), key first.
     *
     * @return {@code dir}
     */
    public Path writeTo(Path dir) {
      replace(dir.resolve("key.pem"), keyPem());
      replace(dir.resolve("cert.pem"), certificatePem());
      replace(dir.resolve("ca.pem"), issuer.certificatePem());
      return dir;
    }
  }

  /** The name as RFC 2253 writes it (most significant part last), as the JDK prints it back. */
  private static X500Name x500(String subject) {
    return X500Name.getInstance(new X500Principal(subject).getEncoded());
  }

  private static void replace(Path file, String text) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".pem");
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Set<String> hostNames() {
    Set<String> names = new LinkedHashSet<>();
    try {
      InetAddress local = InetAddress.getLocalHost();
      names.add(local.getHostName());
      for (InetAddress a : InetAddress.getAllByName(local.getHostName())) {
        names.add(a.getHostAddress().replaceAll("%.*$", ""));
      }
    } catch (UnknownHostException e) {
      // A machine without a resolvable name is reached as localhost only.
    }
    return names;
  }

  private static boolean isIpLiteral(String name) {
    return name.contains(":") || name.matches("[0-9.]+");
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an EC key pair", e);
    }
  }

  private static byte[] encoded(X509Certificate certificate) {
    try {
      return certificate.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
