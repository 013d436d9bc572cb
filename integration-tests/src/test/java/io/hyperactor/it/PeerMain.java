package io.hyperactor.it;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.it.ItMessages.Ask;
import io.hyperactor.it.ItMessages.AwaitCount;
import io.hyperactor.it.ItMessages.CounterMsg;
import io.hyperactor.it.ItMessages.Progress;
import io.hyperactor.it.ItMessages.Seq;
import io.hyperactor.runtime.ActorSystem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer JVM: serves a direct proc over TCP with an {@code echo} and a {@code counter} actor,
 * prints {@code READY <proc id>} and exits when its standard input closes (the parent ended it or
 * died).
 */
public final class PeerMain {
  private PeerMain() {}

  /** Replies to each {@link Ask} with twice its number. */
  static final class Echo implements Actor<Ask> {
    @Override
    public void handle(Context<Ask> cx, Ask ask) {
      ask.reply().send(cx, ask.n() * 2);
    }
  }

  /** Checks that {@link Seq} numbers arrive as 0, 1, 2, ... and answers progress queries. */
  static final class Counter implements Actor<CounterMsg> {
    private long count;
    private long outOfOrder;
    private String firstProblem = "";
    private final List<AwaitCount> waiting = new ArrayList<>();

    @Override
    public void handle(Context<CounterMsg> cx, CounterMsg message) {
      switch (message) {
        case Seq seq -> {
          if (seq.n() != count) {
            outOfOrder++;
            if (firstProblem.isEmpty()) {
              firstProblem = "expected " + count + ", got " + seq.n();
            }
          }
          count++;
        }
        case AwaitCount await -> waiting.add(await);
      }
      waiting.removeIf(
          w -> {
            if (count < w.target()) {
              return false;
            }
            w.reply().send(cx, new Progress(count, outOfOrder, firstProblem));
            return true;
          });
    }
  }

  public static void main(String[] args) throws Exception {
    ActorSystem system = ActorSystem.builder().codecs(ItMessages::register).build();
    Proc proc = system.directProc(ChannelAddr.anyLocalhost(ChannelTransport.TCP), "peer");
    proc.spawn("echo", new Echo());
    proc.spawn("counter", new Counter());
    System.out.println("READY " + proc.procId());
    System.out.flush();
    InputStream in = System.in;
    try {
      while (in.read() >= 0) {
        // The parent writes nothing; end of input is the signal to exit.
      }
    } catch (IOException e) {
      // A broken pipe means the parent is gone.
    }
    system.close();
    System.exit(0);
  }
}
