package io.hyperactor.internal;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The session ids of instances: time-ordered UUIDs (version 7, RFC 9562) that also record when
 * their instance was created, so that a cell keeps no creation time of its own.
 *
 * <p>The 12 bits after the version hold the fraction of the millisecond (RFC 9562, section 6.2,
 * method 3), so the time is kept to 1/4096 of a millisecond (about 244 ns); the 62 random bits of
 * the lower half make the ids unique. They need uniqueness, not unpredictability.
 */
final class SessionIds {
  private static final long NANOS_PER_MILLI = 1_000_000L;

  private SessionIds() {}

  /** A new session id, stamped with the current time. */
  static UUID next() {
    Instant now = Instant.now();
    long millis = now.getEpochSecond() * 1_000L + now.getNano() / NANOS_PER_MILLI;
    long fraction = (now.getNano() % NANOS_PER_MILLI) * 4096 / NANOS_PER_MILLI;
    long msb = (millis << 16) | 0x7000L | fraction;
    long lsb =
        (ThreadLocalRandom.current().nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  /** When {@code id}, made by {@link #next}, was made; to 1/4096 of a millisecond. */
  static Instant timeOf(UUID id) {
    long msb = id.getMostSignificantBits();
    long millis = msb >>> 16;
    long fraction = msb & 0x0fffL;
    return Instant.ofEpochMilli(millis).plusNanos(fraction * NANOS_PER_MILLI / 4096);
  }
}
