package io.hyperactor.transport.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback address that forwards to a target and can cut every connection it
 * carries, to simulate network failures. Owns its threads; {@link #close()} stops them.
 */
public final class FlakyProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> open = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private volatile boolean closed;

  public FlakyProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start("flaky-proxy-accept", this::acceptLoop);
  }

  /** The address clients connect to. */
  public InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** How many connections the proxy has accepted. */
  public int accepted() {
    return accepted.get();
  }

  /** Cuts every connection currently carried; new connections are accepted as before. */
  public synchronized void cut() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /**
   * Waits until the proxy carries a connection (for example the client's redial after a cut), so
   * that the next {@link #cut} really cuts one.
   *
   * @throws TimeoutException naming the wait when none arrives within {@code timeout}
   */
  public synchronized void awaitConnection(Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (open.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no connection through the proxy within " + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // Closed.
      }
      accepted.incrementAndGet();
      Socket server;
      try {
        server = new Socket(target.getAddress(), target.getPort());
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      synchronized (this) {
        if (closed) {
          closeQuietly(client);
          closeQuietly(server);
          return;
        }
        open.add(client);
        open.add(server);
        notifyAll();
        start("flaky-proxy-up", () -> pump(client, server));
        start("flaky-proxy-down", () -> pump(server, client));
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // Cut or closed: end both sides.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private synchronized void start(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() throws Exception {
    List<Thread> started;
    synchronized (this) {
      closed = true;
      listener.close();
      cut();
      started = new ArrayList<>(threads);
    }
    for (Thread thread : started) {
      thread.join(10_000);
    }
  }
}
