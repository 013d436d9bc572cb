package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.config.Attr;
import io.hyperactor.config.HyperactorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where one TLS key's PEM text comes from: the key's value itself when it starts with {@code
 * -----BEGIN}, otherwise the file it names, which may change while the process runs.
 *
 * <p>Immutable and thread-safe; every read goes to the file again.
 */
final class PemSource {
  private final String key;
  private final @Nullable String inline;
  private final @Nullable Path file;

  private PemSource(String key, @Nullable String inline, @Nullable Path file) {
    this.key = key;
    this.inline = inline;
    this.file = file;
  }

  /** The source {@code attr} (one of the TLS keys) names in {@code config}. */
  static PemSource of(HyperactorConfig config, Attr<String> attr) {
    String value = checkNotNull(config.get(attr), "value");
    if (value.strip().startsWith("-----BEGIN")) {
      return new PemSource(attr.name(), value, null);
    }
    return new PemSource(attr.name(), null, Path.of(value.strip()));
  }

  /** The config key this source belongs to, for error messages. */
  String key() {
    return key;
  }

  /**
   * The PEM text now.
   *
   * @throws TlsMaterialException naming the key and the file when the file cannot be read
   */
  String read() {
    if (inline != null) {
      return inline;
    }
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(
          "cannot read " + key + " file " + file + ": " + describe(e), e);
    }
  }

  /**
   * What identifies the file's current contents cheaply: its modification time, size and file key,
   * so that a file replaced in place or through a renamed symbolic link (as Kubernetes updates a
   * mounted Secret) counts as changed. Constant for inline PEM; null when the file is unreadable.
   */
  @Nullable Object version() {
    if (file == null) {
      return "inline";
    }
    try {
      BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(
          attrs.lastModifiedTime(), attrs.size(), Objects.toString(attrs.fileKey()));
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return inline != null ? key + " (inline PEM)" : key + " (" + file + ")";
  }

  private static String describe(Exception e) {
    return e instanceof NoSuchFileException ? "no such file" : e.toString();
  }
}
