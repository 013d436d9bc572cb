package io.hyperactor.benchmarks.savina;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * The Savina actor benchmarks (Imam and Sarkar, "Savina — An Actor Benchmark Suite", AGERE 2014):
 * their default sizes, the pure computations they share, and the checks of their results.
 *
 * <p>Both runtimes' versions ({@code hyperactor/HyperactorSavina}, {@code pekko/PekkoSavina}) run
 * the same protocol with the same messages and call the checks here, which throw {@link
 * IllegalStateException} on a wrong result: a timing is never taken from a broken run. The sizes
 * are the suite's defaults as given in {@code docs/performance.md}, which also says which of them
 * we could not check against the suite's sources.
 */
public final class Savina {
  private Savina() {}

  /** PingPong: pings sent by the pinger, each answered by a pong. */
  public static final int PING_PONG_PINGS = 40_000;

  /** Count: increments the producer sends to the counter. */
  public static final int COUNT_MESSAGES = 1_000_000;

  /** Fjthrput: workers, and messages each worker receives. */
  public static final int FJ_THROUGHPUT_WORKERS = 60;

  public static final int FJ_THROUGHPUT_MESSAGES = 10_000;

  /** Fjcreat: actors created, each receiving one message. */
  public static final int FJ_CREATE_ACTORS = 40_000;

  /** ThreadRing: actors in the ring, and hops of the token. */
  public static final int THREAD_RING_ACTORS = 100;

  public static final int THREAD_RING_HOPS = 100_000;

  /** Chameneos: creatures, and meetings the mall arranges. */
  public static final int CHAMENEOS_CREATURES = 100;

  public static final int CHAMENEOS_MEETINGS = 200_000;

  /** Big: actors, and pings each actor sends to random actors (each answered by a pong). */
  public static final int BIG_ACTORS = 120;

  public static final int BIG_PINGS = 20_000;

  /** Trapezoid: pieces of [1, 5], and workers sharing them. */
  public static final int TRAPEZOID_PIECES = 10_000_000;

  public static final int TRAPEZOID_WORKERS = 100;

  /** Trapezoid: the interval integrated. */
  public static final double TRAPEZOID_LEFT = 1;

  public static final double TRAPEZOID_RIGHT = 5;

  /** The argument of the fork-join benchmarks' small computation. */
  private static final double THETA = 37.2;

  /**
   * The fork-join benchmarks' work per message: sin²(37.2), which must come out positive (the
   * check keeps the JIT from removing it as dead code).
   */
  public static void forkJoinComputation() {
    double sin = Math.sin(THETA);
    double result = sin * sin;
    if (result <= 0) {
      throw new IllegalStateException("fork-join computation gave " + result + ", expected > 0");
    }
  }

  /** Trapezoid's integrand: sin(x³ − 1) / (x + 1) · √(1 + e^√(2x)). */
  public static double trapezoidFunction(double x) {
    double a = Math.sin(Math.pow(x, 3) - 1);
    double b = x + 1;
    double c = a / b;
    double d = Math.sqrt(1 + Math.exp(Math.sqrt(2 * x)));
    return c * d;
  }

  /**
   * The trapezoid area of pieces {@code [from, to)} out of {@code pieces} equal pieces of [1, 5]:
   * the work of one Trapezoid worker. Piece {@code k} spans {@code [1 + k·h, 1 + (k+1)·h]}.
   */
  public static double trapezoidArea(int pieces, int from, int to) {
    checkArgument(0 <= from && from <= to && to <= pieces,
        "trapezoid pieces [%s, %s) are not within [0, %s)", from, to, pieces);
    double width = (TRAPEZOID_RIGHT - TRAPEZOID_LEFT) / pieces;
    double area = 0;
    for (int k = from; k < to; k++) {
      double left = TRAPEZOID_LEFT + k * width;
      double right = TRAPEZOID_LEFT + (k + 1) * width;
      area += 0.5 * (trapezoidFunction(left) + trapezoidFunction(right)) * width;
    }
    return area;
  }

  /** The first piece of worker {@code worker} out of {@code workers}; worker {@code workers} ends. */
  public static int trapezoidFirstPiece(int pieces, int workers, int worker) {
    return (int) ((long) pieces * worker / workers);
  }

  /** The sequential reference for Trapezoid: every piece summed on one thread. */
  public static double trapezoidReference(int pieces) {
    return trapezoidArea(pieces, 0, pieces);
  }

  /** Chameneos colours; a meeting of two turns both into {@link #complement}. */
  public enum Colour {
    RED,
    YELLOW,
    BLUE;

    private static final Colour[] ALL = values();

    /** The same colour when both are equal, otherwise the third colour. */
    public Colour complement(Colour other) {
      return this == other ? this : ALL[3 - ordinal() - other.ordinal()];
    }

    /** The colour of creature {@code i} at the start: red, yellow, blue, red, ... */
    public static Colour initial(int creature) {
      return ALL[creature % 3];
    }
  }

  /**
   * What a chameneos reports when the mall sends it home: its meetings counted by the colour it had
   * at each, and its final colour.
   */
  public record CreatureReport(long[] meetingsByColour, Colour finalColour) {}

  /**
   * Checks a Chameneos run: the creatures' meetings add up to twice the mall's meetings, colour by
   * colour they agree with the colours the mall saw, and the sum of colour ordinals modulo 3 (which
   * a meeting never changes) is as at the start.
   */
  public static void checkChameneos(
      int creatures, int meetings, long[] mallMeetingsByColour, Iterable<CreatureReport> reports) {
    long[] creatureMeetingsByColour = new long[3];
    int reported = 0;
    int colourSum = 0;
    for (CreatureReport report : reports) {
      reported++;
      colourSum += report.finalColour().ordinal();
      for (int c = 0; c < 3; c++) {
        creatureMeetingsByColour[c] += report.meetingsByColour()[c];
      }
    }
    int initialSum = 0;
    for (int i = 0; i < creatures; i++) {
      initialSum += Colour.initial(i).ordinal();
    }
    long total = Arrays.stream(creatureMeetingsByColour).sum();
    check(reported == creatures, "chameneos: %s of %s creatures reported", reported, creatures);
    check(total == 2L * meetings,
        "chameneos: creatures counted %s meetings, expected 2 × %s", total, meetings);
    check(Arrays.equals(creatureMeetingsByColour, mallMeetingsByColour),
        "chameneos: meetings by colour %s (creatures) differ from %s (mall)",
        Arrays.toString(creatureMeetingsByColour), Arrays.toString(mallMeetingsByColour));
    check(colourSum % 3 == initialSum % 3,
        "chameneos: final colours sum to %s mod 3, started at %s mod 3", colourSum % 3, initialSum % 3);
  }

  /** Checks a Trapezoid run: every piece computed once, the area within 1e-6 of the reference. */
  public static void checkTrapezoid(int pieces, long piecesComputed, double area, double reference) {
    check(piecesComputed == pieces, "trapezoid: %s pieces computed, expected %s", piecesComputed, pieces);
    check(Math.abs(area - reference) <= 1e-6,
        "trapezoid: area %s differs from the sequential reference %s by more than 1e-6", area, reference);
  }

  /**
   * Checks a Big run: every actor sent exactly {@code pings} pings and got a pong for each, and the
   * actors answered every ping sent.
   */
  public static void checkBig(
      int actors, int pings, int actorsExact, long pingsSent, long pongsReceived, long pingsAnswered) {
    long expected = (long) actors * pings;
    check(actorsExact == actors,
        "big: %s of %s actors sent and got back exactly %s pings", actorsExact, actors, pings);
    check(pingsSent == expected && pongsReceived == expected && pingsAnswered == expected,
        "big: %s pings sent, %s pongs received, %s pings answered, expected %s each",
        pingsSent, pongsReceived, pingsAnswered, expected);
  }

  /** Throws {@link IllegalStateException} with the formatted message unless {@code ok}. */
  public static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(java.util.Locale.ROOT, format, args));
    }
  }
}
