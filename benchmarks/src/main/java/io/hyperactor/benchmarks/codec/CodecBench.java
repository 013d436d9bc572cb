package io.hyperactor.benchmarks.codec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Timestamp;
import io.hyperactor.codec.MessageCodecs;
import io.hyperactor.runtime.ActorSystem;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Encode-plus-decode cost of a small record and of a record holding a 64 KiB byte array, for the
 * codec registry's own record encoding, Jackson databind (JSON, no default typing) and a generated
 * Protobuf message as the floor.
 *
 * <p>Run: {@code java -cp <benchmarks classpath> io.hyperactor.benchmarks.codec.CodecBench}.
 */
public final class CodecBench {
  private CodecBench() {}

  /** A typical small actor message. */
  public record Small(long id, String name, int count, boolean flag) {}

  /** A message that carries a bulk payload. */
  public record Blob(long id, byte[] data) {}

  private static final int ROUNDS = 5;

  public static void main(String[] args) throws Exception {
    ActorSystem system =
        ActorSystem.builder()
            .codecs(c -> c.record("bench.Small", Small.class).record("bench.Blob", Blob.class))
            .build();
    MessageCodecs registry = system.codecs();
    ObjectMapper jackson = new ObjectMapper();
    Small small = new Small(42, "worker-17", 3, true);
    byte[] data = new byte[64 * 1024];
    new Random(1).nextBytes(data);
    Blob blob = new Blob(7, data);

    System.out.printf(
        Locale.ROOT,
        "JDK %s, %d cores; ns per encode+decode, best of %d rounds%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        ROUNDS);
    System.out.printf(Locale.ROOT, "%-28s %12s %10s %12s %10s%n", "codec", "small ns", "bytes", "64KiB ns", "bytes");

    row(
        "registry record codec",
        () -> {
          byte[] b = registry.encode(small);
          return check(registry.decode("bench.Small", b).equals(small), b.length);
        },
        () -> {
          byte[] b = registry.encode(blob);
          Blob back = (Blob) registry.decode("bench.Blob", b);
          return check(Arrays.equals(back.data(), data), b.length);
        });
    row(
        "jackson-databind json",
        () -> {
          try {
            byte[] b = jackson.writeValueAsBytes(small);
            return check(jackson.readValue(b, Small.class).equals(small), b.length);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        },
        () -> {
          try {
            byte[] b = jackson.writeValueAsBytes(blob);
            Blob back = jackson.readValue(b, Blob.class);
            return check(Arrays.equals(back.data(), data), b.length);
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        });
    row(
        "protobuf generated (floor)",
        () -> {
          // A small generated message of protobuf's own (two integer fields).
          byte[] b = Timestamp.newBuilder().setSeconds(42).setNanos(17).build().toByteArray();
          try {
            return check(Timestamp.parseFrom(b).getNanos() == 17, b.length);
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
          }
        },
        () -> {
          byte[] b = BytesValue.newBuilder().setValue(ByteString.copyFrom(data)).build().toByteArray();
          try {
            return check(BytesValue.parseFrom(b).getValue().size() == data.length, b.length);
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static int check(boolean ok, int size) {
    if (!ok) {
      throw new IllegalStateException("round trip changed the value");
    }
    return size;
  }

  private static void row(String name, Supplier<Integer> small, Supplier<Integer> big) {
    long[] s = measure(small, 200_000);
    long[] b = measure(big, 4_000);
    System.out.printf(Locale.ROOT, "%-28s %12d %10d %12d %10d%n", name, s[0], s[1], b[0], b[1]);
  }

  /** Best ns/op over the rounds after a warmup, and the encoded size. */
  private static long[] measure(Supplier<Integer> op, int iterations) {
    int size = 0;
    for (int i = 0; i < iterations; i++) {
      size = op.get();
    }
    long best = Long.MAX_VALUE;
    for (int r = 0; r < ROUNDS; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        size += op.get() & 0;
      }
      best = Math.min(best, (System.nanoTime() - start) / iterations);
    }
    return new long[] {best, size};
  }
}
