package io.hyperactor.transport.grpc;

import static com.google.common.base.Preconditions.checkState;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.hyperactor.channel.ChannelTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads every gRPC link and server of this JVM shares: one Netty event loop group, a callback
 * executor and a timer, created when the first link or server opens and stopped when the last one
 * closes.
 *
 * <p>Thread-safe.
 */
final class GrpcResources {
  private static final Logger logger = LoggerFactory.getLogger(GrpcResources.class);

  /** Prefix of every thread these resources start; tests check none outlives its channels. */
  static final String THREAD_PREFIX = "hyperactor-grpc-";

  static final GrpcResources SHARED = new GrpcResources();

  private static final boolean EPOLL = Epoll.isAvailable();

  private @Nullable Generation current;

  private GrpcResources() {}

  /** True when Unix domain sockets can be used (Linux with the shaded epoll native library). */
  static boolean unixAvailable() {
    return EPOLL;
  }

  /** Why Unix domain sockets are unavailable, for error messages. */
  static String unixUnavailableReason() {
    Throwable cause = Epoll.unavailabilityCause();
    return "unix domain sockets need Linux with Netty epoll"
        + (cause == null ? "" : " (" + cause.getMessage() + ")");
  }

  /** Takes a reference on the shared threads, starting them if needed. */
  synchronized Lease acquire() {
    if (current == null) {
      current = new Generation();
    }
    current.refs++;
    return new Lease(current);
  }

  private synchronized @Nullable Generation releaseRef(Generation generation) {
    checkState(generation.refs > 0, "released more leases than acquired");
    generation.refs--;
    if (generation.refs == 0) {
      if (current == generation) {
        current = null;
      }
      return generation;
    }
    return null;
  }

  /** A counted reference to the shared threads; release exactly once. */
  final class Lease {
    private final Generation generation;
    private boolean released;

    private Lease(Generation generation) {
      this.generation = generation;
    }

    EventLoopGroup eventLoop() {
      return generation.eventLoop;
    }

    ExecutorService executor() {
      return generation.executor;
    }

    ScheduledExecutorService scheduler() {
      return generation.scheduler;
    }

    Class<? extends io.grpc.netty.shaded.io.netty.channel.Channel> clientChannelType(
        ChannelTransport transport) {
      if (transport == ChannelTransport.UNIX) {
        checkState(EPOLL, "%s", unixUnavailableReason());
        return EpollDomainSocketChannel.class;
      }
      return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends ServerChannel> serverChannelType(ChannelTransport transport) {
      if (transport == ChannelTransport.UNIX) {
        checkState(EPOLL, "%s", unixUnavailableReason());
        return EpollServerDomainSocketChannel.class;
      }
      return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /**
     * Drops this reference; when it was the last, stops the threads. The future completes when they
     * have stopped (at once otherwise). Idempotent.
     */
    CompletableFuture<Void> release() {
      synchronized (this) {
        if (released) {
          return CompletableFuture.completedFuture(null);
        }
        released = true;
      }
      Generation last = releaseRef(generation);
      if (last == null) {
        return CompletableFuture.completedFuture(null);
      }
      // Stopping waits for the executor, so it must not run on one of its threads.
      CompletableFuture<Void> stopped = new CompletableFuture<>();
      Thread.ofVirtual()
          .name(THREAD_PREFIX + "stopper")
          .start(
              () -> {
                last.stop();
                stopped.complete(null);
              });
      return stopped;
    }
  }

  private static final class Generation {
    private static final AtomicInteger generations = new AtomicInteger();

    final EventLoopGroup eventLoop;
    final ExecutorService executor;
    final ScheduledExecutorService scheduler;
    int refs;

    Generation() {
      int id = generations.incrementAndGet();
      IoHandlerFactory handler = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
      eventLoop =
          new MultiThreadIoEventLoopGroup(2, threads(THREAD_PREFIX + "io-" + id + "-"), handler);
      executor = Executors.newFixedThreadPool(4, threads(THREAD_PREFIX + "exec-" + id + "-"));
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, threads(THREAD_PREFIX + "timer-" + id + "-"));
      // Cancelled acknowledgement and delivery timers must not pile up in the queue.
      timer.setRemoveOnCancelPolicy(true);
      scheduler = timer;
    }

    void stop() {
      scheduler.shutdownNow();
      executor.shutdown();
      var loopStopped = eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
      try {
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
          logger.warn("gRPC channel callbacks still running after 10s; interrupting them");
          executor.shutdownNow();
        }
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        loopStopped.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private static ThreadFactory threads(String prefix) {
      AtomicInteger count = new AtomicInteger();
      return runnable -> {
        Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
