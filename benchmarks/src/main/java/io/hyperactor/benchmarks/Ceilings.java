package io.hyperactor.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Physical ceilings on this machine: what raw blocking sockets do with no framing, no actors and
 * no acknowledgements, and how long bare JVMs take to start. No runtime can beat these.
 */
public final class Ceilings {
  private Ceilings() {}

  /** The socket family of a ceiling: TCP loopback or a Unix domain socket. */
  public enum Family {
    TCP,
    UNIX
  }

  /** Messages per second when {@code messages * size} bytes are written flat out. */
  public static double blast(Family family, int size, long messages) throws Exception {
    try (Pair pair = Pair.open(family)) {
      long total = size * messages;
      CompletableFuture<Long> read = CompletableFuture.supplyAsync(() -> drain(pair.server, total));
      ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
      long start = System.nanoTime();
      long written = 0;
      while (written < total) {
        chunk.clear().limit((int) Math.min(chunk.capacity(), total - written));
        written += pair.client.write(chunk);
      }
      read.get(5, TimeUnit.MINUTES);
      return Measure.perSecond(messages, System.nanoTime() - start);
    }
  }

  /** Sorted round-trip times in nanos of {@code samples} echoes of {@code size} bytes. */
  public static long[] pingPong(Family family, int size, int samples) throws Exception {
    try (Pair pair = Pair.open(family)) {
      Thread echo = Thread.ofPlatform().name("ceiling-echo").daemon().start(() -> {
        ByteBuffer buffer = ByteBuffer.allocateDirect(size);
        try {
          for (int i = 0; i < samples; i++) {
            buffer.clear();
            readFully(pair.server, buffer);
            buffer.flip();
            writeFully(pair.server, buffer);
          }
        } catch (IOException e) {
          throw new IllegalStateException("ceiling echo failed", e);
        }
      });
      ByteBuffer buffer = ByteBuffer.allocateDirect(size);
      long[] nanos = new long[samples];
      for (int i = 0; i < samples; i++) {
        long start = System.nanoTime();
        buffer.clear();
        writeFully(pair.client, buffer);
        buffer.clear();
        readFully(pair.client, buffer);
        nanos[i] = System.nanoTime() - start;
      }
      echo.join();
      java.util.Arrays.sort(nanos);
      return nanos;
    }
  }

  /** Seconds until {@code count} bare JVMs started at once have each printed READY. */
  public static double bareJvmStart(int count) throws Exception {
    long start = System.nanoTime();
    List<PeerJvm> peers = new ArrayList<>();
    try {
      List<CompletableFuture<PeerJvm>> starting = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        starting.add(CompletableFuture.supplyAsync(() -> {
          try {
            return PeerJvm.start(BareJvm.class);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (CompletableFuture<PeerJvm> peer : starting) {
        peers.add(peer.get(2, TimeUnit.MINUTES));
      }
      return (System.nanoTime() - start) / 1e9;
    } finally {
      for (PeerJvm peer : peers) {
        peer.close();
      }
    }
  }

  /** The main of a bare JVM: ready as soon as it runs. */
  public static final class BareJvm {
    private BareJvm() {}

    public static void main(String[] args) throws IOException {
      System.out.println("READY");
      System.out.flush();
      PeerJvm.awaitParentExit();
    }
  }

  private static long drain(SocketChannel channel, long total) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    long read = 0;
    try {
      while (read < total) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
          throw new IOException("peer closed after " + read + " of " + total + " bytes");
        }
        read += n;
      }
    } catch (IOException e) {
      throw new IllegalStateException("ceiling reader failed", e);
    }
    return read;
  }

  private static void readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer) < 0) {
        throw new IOException("peer closed mid-message");
      }
    }
  }

  private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** A connected client/server socket pair on loopback or a temporary Unix socket. */
  private static final class Pair implements AutoCloseable {
    final SocketChannel client;
    final SocketChannel server;
    private final ServerSocketChannel listener;
    private final Path socketFile;

    private Pair(ServerSocketChannel listener, SocketChannel client, SocketChannel server, Path socketFile) {
      this.listener = listener;
      this.client = client;
      this.server = server;
      this.socketFile = socketFile;
    }

    static Pair open(Family family) throws IOException {
      ServerSocketChannel listener;
      SocketAddress address;
      Path socketFile = null;
      if (family == Family.TCP) {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        address = listener.getLocalAddress();
      } else {
        socketFile = Files.createTempDirectory("ceiling").resolve("s.sock");
        address = UnixDomainSocketAddress.of(socketFile);
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(address);
      }
      SocketChannel client = SocketChannel.open(address);
      if (family == Family.TCP) {
        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      SocketChannel server = listener.accept();
      if (family == Family.TCP) {
        server.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      return new Pair(listener, client, server, socketFile);
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
      listener.close();
      if (socketFile != null) {
        Files.deleteIfExists(socketFile);
        Files.deleteIfExists(socketFile.getParent());
      }
    }
  }
}
