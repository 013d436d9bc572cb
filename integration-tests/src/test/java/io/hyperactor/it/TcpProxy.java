package io.hyperactor.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy to a target that can cut every connection it carries, as a network fault
 * would. Owns its threads; {@link #close} stops them.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> open = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();
  private boolean closed;

  TcpProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start("tcp-proxy-accept", this::acceptLoop);
  }

  InetSocketAddress address() {
    return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
  }

  /** Connections accepted so far; each cut makes the client dial a new one. */
  int accepted() {
    return accepted.get();
  }

  /** Cuts every connection now open; new connections are accepted as before. */
  synchronized void cut() {
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  private void acceptLoop() {
    while (true) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // The listener was closed.
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
        start("tcp-proxy-up", () -> pump(client, server));
        start("tcp-proxy-down", () -> pump(server, client));
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
      // Cut or closed: end both directions.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private synchronized void start(String name, Runnable body) {
    threads.add(Thread.ofPlatform().daemon().name(name).start(body));
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
