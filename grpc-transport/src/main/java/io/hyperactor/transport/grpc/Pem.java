package io.hyperactor.transport.grpc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing the PEM forms the TLS keys hold: X.509 certificates and unencrypted PKCS#8 keys. */
final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private Pem() {}

  /**
   * Every certificate in {@code text}, in order (a leaf first, then its chain).
   *
   * @throws TlsMaterialException naming {@code key} when there is none or one is malformed
   */
  static List<X509Certificate> certificates(String key, String text) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      Matcher m = BLOCK.matcher(text);
      while (m.find()) {
        if (m.group(1).equals("CERTIFICATE")) {
          certs.add(
              (X509Certificate)
                  factory.generateCertificate(
                      new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new TlsMaterialException(key + " holds a malformed certificate: " + e.getMessage(), e);
    }
    if (certs.isEmpty()) {
      throw new TlsMaterialException(
          key + " holds no PEM certificate (expected -----BEGIN CERTIFICATE-----)");
    }
    return certs;
  }

  /**
   * The private key in {@code text}: an unencrypted PKCS#8 RSA, EC or EdDSA key.
   *
   * @throws TlsMaterialException naming {@code key} and how to convert another form
   */
  static PrivateKey privateKey(String key, String text) {
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      switch (type) {
        case "PRIVATE KEY" -> {
          byte[] der;
          try {
            der = Base64.getMimeDecoder().decode(m.group(2).strip());
          } catch (IllegalArgumentException e) {
            throw new TlsMaterialException(key + " holds malformed base64: " + e.getMessage(), e);
          }
          for (String algorithm : KEY_ALGORITHMS) {
            try {
              return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
              // Not this algorithm; try the next one.
            }
          }
          throw new TlsMaterialException(
              key + " holds a PKCS#8 key that is not RSA, EC, Ed25519 or Ed448");
        }
        case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
            throw new TlsMaterialException(
                key
                    + " holds a '"
                    + type
                    + "' key; convert it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in key.pem"
                    + " -out key.pk8.pem");
        case "ENCRYPTED PRIVATE KEY" ->
            throw new TlsMaterialException(
                key
                    + " holds an encrypted key; decrypt it with: openssl pkcs8 -topk8 -nocrypt -in"
                    + " key.pem -out key.pk8.pem");
        default -> {
          // Some other block (a certificate bundled with the key); keep looking.
        }
      }
    }
    throw new TlsMaterialException(
        key + " holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)");
  }
}
