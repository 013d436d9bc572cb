package io.hyperactor.resource;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Verify.verifyNotNull;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The identity of a resource: a uid, which is either a singleton label or a random 64-bit instance
 * number, plus an optional display label.
 *
 * <p>Equality, hashing and ordering use the uid only; an instance's label is metadata. Singletons
 * sort before instances. A singleton is displayed as its label ({@code "env-vars"}); an instance as
 * {@code <label>-<base58 uid>}, with {@code resource} standing in for a missing label. {@link
 * #parse} reverses {@link #toString}: a suffix after the last {@code '-'} that is at least 8
 * characters and decodes as base58 makes an instance, anything else must be a singleton label.
 *
 * <pre>{@code
 * ResourceId worker = ResourceId.instance("trainer");   // trainer-3Hk9c2VqLmN
 * ResourceId env = ResourceId.singleton("env-vars");    // env-vars
 * }</pre>
 */
public final class ResourceId implements Comparable<ResourceId> {
  /** The label displayed for an instance that has none. */
  public static final String DEFAULT_LABEL = "resource";

  private static final int MIN_UID_CHARS = 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean singleton;
  private final long uid;
  private final @Nullable String label;

  private ResourceId(boolean singleton, long uid, @Nullable String label) {
    this.singleton = singleton;
    this.uid = uid;
    this.label = label;
  }

  /**
   * The singleton resource named {@code label}.
   *
   * @throws IllegalArgumentException naming the label when it is not a valid label
   */
  public static ResourceId singleton(String label) {
    return new ResourceId(true, 0, Labels.check(label));
  }

  /**
   * A new instance with a random uid, displayed with {@code label}.
   *
   * @throws IllegalArgumentException naming the label when it is not a valid label
   */
  public static ResourceId instance(String label) {
    return new ResourceId(false, RANDOM.nextLong(), Labels.check(label));
  }

  /**
   * The instance with {@code uid}, displayed with {@code label} when given.
   *
   * @throws IllegalArgumentException naming the label when it is not a valid label
   */
  public static ResourceId instance(long uid, @Nullable String label) {
    return new ResourceId(false, uid, label == null ? null : Labels.check(label));
  }

  /**
   * Parses the display form.
   *
   * @throws IllegalArgumentException naming the text when it is neither an instance nor a valid
   *     singleton label
   */
  public static ResourceId parse(String text) {
    checkNotNull(text, "text");
    int dash = text.lastIndexOf('-');
    if (dash > 0) {
      String prefix = text.substring(0, dash);
      String suffix = text.substring(dash + 1);
      if (suffix.length() >= MIN_UID_CHARS && Labels.isValid(prefix)) {
        try {
          long uid = Base58.decode(suffix);
          return new ResourceId(false, uid, prefix.equals(DEFAULT_LABEL) ? null : prefix);
        } catch (IllegalArgumentException notBase58) {
          // Falls through: the whole text may still be a singleton label such as "my-longlabel".
        }
      }
    }
    String problem = Labels.problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid resource id '"
              + text
              + "': not '<label>-<base58 uid>' and not a singleton label ("
              + problem
              + ")");
    }
    return new ResourceId(true, 0, text);
  }

  /** Parses {@code name}, or falls back to the singleton of the closest valid label. */
  public static ResourceId fromName(String name) {
    checkNotNull(name, "name");
    try {
      return parse(name);
    } catch (IllegalArgumentException e) {
      return singleton(Labels.strip(name));
    }
  }

  /**
   * The closest valid label to {@code text}: lowercased, invalid characters dropped, trimmed to
   * start with a letter and end with a letter or digit, at most 63 characters; {@code "nil"} when
   * nothing remains. {@code "Trainer #1"} becomes {@code "trainer1"}.
   */
  public static String stripLabel(String text) {
    return Labels.strip(checkNotNull(text, "text"));
  }

  /** This id with {@code newLabel} as an instance's label; a singleton is returned unchanged. */
  public ResourceId withLabel(String newLabel) {
    if (singleton) {
      return this;
    }
    return new ResourceId(false, uid, Labels.check(newLabel));
  }

  /** This id without an instance label; a singleton is returned unchanged. */
  public ResourceId withoutLabel() {
    return singleton || label == null ? this : new ResourceId(false, uid, null);
  }

  /** True for a singleton, false for an instance. */
  public boolean isSingleton() {
    return singleton;
  }

  /** An instance's label metadata; empty for singletons and unlabelled instances. */
  public Optional<String> label() {
    return singleton ? Optional.empty() : Optional.ofNullable(label);
  }

  /** The label shown to people: a singleton's name or an instance's label, if any. */
  public Optional<String> displayLabel() {
    return Optional.ofNullable(label);
  }

  /**
   * The uid alone as text: a singleton's label, or an instance's base58 number; stable across label
   * changes.
   */
  public String uid() {
    return singleton ? verifyNotNull(label) : Base58.encode(uid);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof ResourceId other)) {
      return false;
    }
    return singleton == other.singleton
        && (singleton ? Objects.equals(label, other.label) : uid == other.uid);
  }

  @Override
  public int hashCode() {
    return singleton ? verifyNotNull(label).hashCode() : Long.hashCode(uid) * 31 + 1;
  }

  @Override
  public int compareTo(ResourceId o) {
    if (singleton != o.singleton) {
      return singleton ? -1 : 1;
    }
    return singleton
        ? verifyNotNull(label).compareTo(verifyNotNull(o.label))
        : Long.compareUnsigned(uid, o.uid);
  }

  /**
   * The debug form: {@code <label>} for a singleton, {@code <'label' uid>} for a labelled instance
   * and {@code <uid>} for an unlabelled one. It never parses: {@link #parse} rejects it.
   */
  public String debugString() {
    if (singleton) {
      return "<" + label + ">";
    }
    return label == null ? "<" + uid() + ">" : "<'" + label + "' " + uid() + ">";
  }

  @Override
  public String toString() {
    if (singleton) {
      return verifyNotNull(label);
    }
    return (label == null ? DEFAULT_LABEL : label) + "-" + Base58.encode(uid);
  }
}
