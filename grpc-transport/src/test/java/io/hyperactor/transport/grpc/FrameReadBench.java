package io.hyperactor.transport.grpc;

import com.google.protobuf.ByteString;
import io.grpc.KnownLength;
import io.grpc.internal.CompositeReadableBuffer;
import io.grpc.internal.ReadableBuffers;
import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.transport.grpc.proto.Batch;
import io.hyperactor.transport.grpc.proto.Frame;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The receiver's cost of one link frame carrying one message, from gRPC's buffers to the decoded
 * {@code byte[]}: parsed aliasing the buffers and decoded out of them ({@code shared}), against
 * read into one array first ({@code copied}, a stream that hides gRPC's buffers, as before).
 *
 * <p>The frame arrives as gRPC hands it over: 16 KiB HTTP/2 data frames in direct buffers. Run
 * from the repository root:
 *
 * <pre>{@code
 * ./mvnw -B -ntp -q -pl grpc-transport -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java -cp grpc-transport/target/test-classes:grpc-transport/target/classes:$(cat \
 *     grpc-transport/target/test-classpath.txt) org.openjdk.jmh.Main FrameReadBench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameReadBench {
  @Param({"100", "65536"})
  public int size;

  private final ChannelCodec<byte[]> codec = ChannelCodec.bytes();
  private final List<ByteBuffer> wire = new ArrayList<>();

  @Setup
  public void frame() throws Exception {
    Frame frame =
        Frame.newBuilder()
            .setBatch(
                Batch.newBuilder().setFirstSeq(1).addMessages(ByteString.copyFrom(new byte[size])))
            .build();
    byte[] bytes;
    try (InputStream out = FrameMarshaller.WRITER.stream(frame)) {
      bytes = out.readAllBytes();
    }
    for (int at = 0; at < bytes.length; at += 16 * 1024) {
      int length = Math.min(16 * 1024, bytes.length - at);
      wire.add(ByteBuffer.allocateDirect(length).put(bytes, at, length).flip());
    }
  }

  private InputStream grpcStream() {
    CompositeReadableBuffer composite = new CompositeReadableBuffer();
    for (ByteBuffer buffer : wire) {
      composite.addBuffer(ReadableBuffers.wrap(buffer.duplicate()));
    }
    return ReadableBuffers.openStream(composite, true);
  }

  @Benchmark
  public byte[] shared() {
    return decode(grpcStream());
  }

  @Benchmark
  public byte[] copied() {
    return decode(new Hidden(grpcStream()));
  }

  private byte[] decode(InputStream stream) {
    try (FrameMarshaller.Received received = FrameMarshaller.read(stream)) {
      List<ByteBuffer> pieces =
          WireBytes.lendPieces(received.frame().getBatch().getMessages(0));
      return pieces.size() == 1 ? codec.decode(pieces.getFirst()) : codec.decode(pieces);
    }
  }

  /** gRPC's stream without its buffers on show: the frame is read into one array. */
  private static final class Hidden extends FilterInputStream implements KnownLength {
    Hidden(InputStream in) {
      super(in);
    }
  }
}
