package io.hyperactor.benchmarks.hyperactor;

import io.hyperactor.Actor;
import io.hyperactor.ActorHandle;
import io.hyperactor.Context;
import io.hyperactor.Proc;
import io.hyperactor.benchmarks.savina.Savina;
import io.hyperactor.benchmarks.savina.Savina.Colour;
import io.hyperactor.benchmarks.savina.Savina.CreatureReport;
import io.hyperactor.runtime.ActorSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The Savina benchmarks on Hyperactor, each written from the suite's description with the same
 * protocol and messages as {@code PekkoSavina}. Every method runs one iteration on a fresh local
 * proc, checks the result (throwing {@link IllegalStateException} if it is wrong), destroys the
 * proc, and returns the milliseconds from the spawn of its first actor until the result was known.
 */
public final class HyperactorSavina implements AutoCloseable {
  private static final long TIMEOUT_MINUTES = 5;

  private final ActorSystem system = ActorSystem.create();
  private int runs;

  @Override
  public void close() {
    system.close();
  }

  /** One iteration: what it starts (timed from here) and how it checks its result. */
  @FunctionalInterface
  private interface Iteration<R> {
    CompletableFuture<R> start(Proc proc) throws Exception;
  }

  @FunctionalInterface
  private interface Check<R> {
    void check(R result);
  }

  /**
   * Runs {@code iteration} on a proc of its own, which is destroyed afterwards: what a run leaves
   * behind (terminated actors' records) is freed with it and not during a later run.
   */
  private <R> double run(String name, Iteration<R> iteration, Check<R> check) throws Exception {
    Proc proc = system.localProc("savina-" + name + "-" + runs++);
    try {
      long start = System.nanoTime();
      R result = iteration.start(proc).get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      check.check(result);
      return nanos / 1e6;
    } finally {
      proc.destroyAndWait(Duration.ofSeconds(30), "savina run finished");
    }
  }

  // ---- PingPong --------------------------------------------------------------------------------

  sealed interface PingMsg permits StartPinging, Pong {}

  record StartPinging() implements PingMsg {}

  record Pong() implements PingMsg {}

  sealed interface PongMsg permits Ping, StopPong {}

  record Ping(ActorHandle<PingMsg> replyTo) implements PongMsg {}

  record StopPong(long pongsReceived) implements PongMsg {}

  /** Both sides' counts: pings the ponger answered, pongs the pinger received. */
  record PingPongResult(long pingsAnswered, long pongsReceived) {}

  private static final class Pinger implements Actor<PingMsg> {
    private final ActorHandle<PongMsg> pong;
    private int left;
    private long pongs;

    Pinger(ActorHandle<PongMsg> pong, int pings) {
      this.pong = pong;
      this.left = pings;
    }

    @Override
    public void handle(Context<PingMsg> cx, PingMsg msg) {
      if (msg instanceof Pong) {
        pongs++;
      }
      if (left > 0) {
        left--;
        pong.send(cx, new Ping(cx.handle()));
      } else {
        pong.send(cx, new StopPong(pongs));
        cx.stop("pinged enough");
      }
    }
  }

  private static final class Ponger implements Actor<PongMsg> {
    private final CompletableFuture<PingPongResult> result;
    private long pings;

    Ponger(CompletableFuture<PingPongResult> result) {
      this.result = result;
    }

    @Override
    public void handle(Context<PongMsg> cx, PongMsg msg) {
      switch (msg) {
        case Ping p -> {
          pings++;
          p.replyTo().send(cx, new Pong());
        }
        case StopPong s -> {
          result.complete(new PingPongResult(pings, s.pongsReceived()));
          cx.stop("pinger done");
        }
      }
    }
  }

  /** PingPong: {@code pings} pings, each answered before the next. */
  public double pingPong(int pings) throws Exception {
    return run("ping-pong", proc -> {
      CompletableFuture<PingPongResult> result = new CompletableFuture<>();
      ActorHandle<PongMsg> pong = proc.spawn("pong", new Ponger(result));
      proc.spawn("ping", new Pinger(pong, pings)).send(new StartPinging());
      return result;
    }, result -> Savina.check(result.pingsAnswered() == pings && result.pongsReceived() == pings,
        "ping-pong: %s pings answered and %s pongs received, expected %s", result.pingsAnswered(),
        result.pongsReceived(), pings));
  }

  // ---- Count -----------------------------------------------------------------------------------

  sealed interface CounterMsg permits Increment, Retrieve {}

  record Increment() implements CounterMsg {}

  record Retrieve(ActorHandle<ProducerMsg> replyTo) implements CounterMsg {}

  sealed interface ProducerMsg permits Produce, Total {}

  record Produce() implements ProducerMsg {}

  record Total(long count) implements ProducerMsg {}

  private static final class Counter implements Actor<CounterMsg> {
    private long count;

    @Override
    public void handle(Context<CounterMsg> cx, CounterMsg msg) {
      switch (msg) {
        case Increment i -> count++;
        case Retrieve r -> {
          r.replyTo().send(cx, new Total(count));
          cx.stop("count retrieved");
        }
      }
    }
  }

  private static final class Producer implements Actor<ProducerMsg> {
    private final ActorHandle<CounterMsg> counter;
    private final int messages;
    private final CompletableFuture<Long> total;

    Producer(ActorHandle<CounterMsg> counter, int messages, CompletableFuture<Long> total) {
      this.counter = counter;
      this.messages = messages;
      this.total = total;
    }

    @Override
    public void handle(Context<ProducerMsg> cx, ProducerMsg msg) {
      switch (msg) {
        case Produce p -> {
          Increment increment = new Increment();
          for (int i = 0; i < messages; i++) {
            counter.send(cx, increment);
          }
          counter.send(cx, new Retrieve(cx.handle()));
        }
        case Total t -> {
          total.complete(t.count());
          cx.stop("count received");
        }
      }
    }
  }

  /** Count: a producer sends {@code messages} increments to a counter, then asks for the count. */
  public double count(int messages) throws Exception {
    return run("count", proc -> {
      CompletableFuture<Long> total = new CompletableFuture<>();
      ActorHandle<CounterMsg> counter = proc.spawn("counter", new Counter());
      proc.spawn("producer", new Producer(counter, messages, total)).send(new Produce());
      return total;
    }, total -> Savina.check(total == messages, "count: counted %s, expected %s", total, messages));
  }

  // ---- Fjthrput --------------------------------------------------------------------------------

  record Work() {}

  private static final class ThroughputWorker implements Actor<Work> {
    private final int messages;
    private final CompletableFuture<Integer> processed;
    private int count;

    ThroughputWorker(int messages, CompletableFuture<Integer> processed) {
      this.messages = messages;
      this.processed = processed;
    }

    @Override
    public void handle(Context<Work> cx, Work work) {
      Savina.forkJoinComputation();
      if (++count == messages) {
        processed.complete(count);
        cx.stop("all messages processed");
      }
    }
  }

  /**
   * Fjthrput: {@code messages} messages to each of {@code workers} workers, sent round robin from
   * outside the actors; each message costs one {@link Savina#forkJoinComputation}.
   */
  public double fjThroughput(int workers, int messages) throws Exception {
    List<CompletableFuture<Integer>> processed = new ArrayList<>();
    return run("fjthrput", proc -> {
      List<ActorHandle<Work>> all = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        processed.add(done);
        all.add(proc.spawn("worker-" + i, new ThroughputWorker(messages, done)));
      }
      Work work = new Work();
      for (int m = 0; m < messages; m++) {
        for (ActorHandle<Work> worker : all) {
          worker.send(work);
        }
      }
      return CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new));
    }, ignored -> {
      for (CompletableFuture<Integer> done : processed) {
        Savina.check(done.join() == messages, "fjthrput: a worker processed %s, expected %s",
            done.join(), messages);
      }
      Savina.check(processed.size() == workers, "fjthrput: %s workers, expected %s",
          processed.size(), workers);
    });
  }

  // ---- Fjcreat ---------------------------------------------------------------------------------

  sealed interface CreatorMsg permits CreateAll, Created {}

  record CreateAll() implements CreatorMsg {}

  record Created() implements CreatorMsg {}

  record Job(ActorHandle<CreatorMsg> replyTo) {}

  private static final class CreatedWorker implements Actor<Job> {
    @Override
    public void handle(Context<Job> cx, Job job) {
      Savina.forkJoinComputation();
      job.replyTo().send(cx, new Created());
      cx.stop("job done");
    }
  }

  private static final class Creator implements Actor<CreatorMsg> {
    private final int actors;
    private final CompletableFuture<Integer> finished;
    private int answered;

    Creator(int actors, CompletableFuture<Integer> finished) {
      this.actors = actors;
      this.finished = finished;
    }

    @Override
    public void handle(Context<CreatorMsg> cx, CreatorMsg msg) {
      switch (msg) {
        case CreateAll c -> {
          for (int i = 0; i < actors; i++) {
            cx.spawn(new CreatedWorker()).send(cx, new Job(cx.handle()));
          }
        }
        case Created c -> {
          if (++answered == actors) {
            finished.complete(answered);
          }
        }
      }
    }
  }

  /** Fjcreat: {@code actors} actors created, each receiving one message and then stopping. */
  public double fjCreate(int actors) throws Exception {
    return run("fjcreat", proc -> {
      CompletableFuture<Integer> finished = new CompletableFuture<>();
      proc.spawn("creator", new Creator(actors, finished)).send(new CreateAll());
      return finished;
    }, finished -> Savina.check(finished == actors, "fjcreat: %s actors answered, expected %s",
        finished, actors));
  }

  // ---- ThreadRing ------------------------------------------------------------------------------

  sealed interface RingMsg permits Neighbour, Token {}

  record Neighbour(ActorHandle<RingMsg> next) implements RingMsg {}

  record Token(int hopsLeft, int hopsMade) implements RingMsg {}

  /** Where the token stopped: which ring member, after how many hops. */
  record RingEnd(int member, int hopsMade) {}

  private static final class RingMember implements Actor<RingMsg> {
    private final int index;
    private final CompletableFuture<RingEnd> end;
    private @Nullable ActorHandle<RingMsg> next;

    RingMember(int index, CompletableFuture<RingEnd> end) {
      this.index = index;
      this.end = end;
    }

    @Override
    public void handle(Context<RingMsg> cx, RingMsg msg) {
      switch (msg) {
        case Neighbour n -> next = n.next();
        case Token t when t.hopsLeft() == 0 -> end.complete(new RingEnd(index, t.hopsMade()));
        case Token t -> {
          ActorHandle<RingMsg> to = next;
          if (to == null) {
            end.completeExceptionally(new IllegalStateException(
                "ring member " + index + " got the token before its neighbour"));
          } else {
            to.send(cx, new Token(t.hopsLeft() - 1, t.hopsMade() + 1));
          }
        }
      }
    }
  }

  /** ThreadRing: a token passed {@code hops} times around a ring of {@code actors}. */
  public double threadRing(int actors, int hops) throws Exception {
    return run("thread-ring", proc -> {
      CompletableFuture<RingEnd> end = new CompletableFuture<>();
      List<ActorHandle<RingMsg>> ring = new ArrayList<>();
      for (int i = 0; i < actors; i++) {
        ring.add(proc.spawn("member-" + i, new RingMember(i, end)));
      }
      for (int i = 0; i < actors; i++) {
        ring.get(i).send(new Neighbour(ring.get((i + 1) % actors)));
      }
      ring.get(0).send(new Token(hops, 0));
      return end;
    }, end -> Savina.check(end.hopsMade() == hops && end.member() == hops % actors,
        "thread ring: token stopped at member %s after %s hops, expected %s after %s",
        end.member(), end.hopsMade(), hops % actors, hops));
  }

  // ---- Chameneos -------------------------------------------------------------------------------

  sealed interface MallMsg permits MeetRequest, Faded {}

  record MeetRequest(Colour colour, ActorHandle<CreatureMsg> creature) implements MallMsg {}

  record Faded(CreatureReport report) implements MallMsg {}

  sealed interface CreatureMsg permits GoToMall, MeetWith, Change, GoHome {}

  record GoToMall() implements CreatureMsg {}

  /** The mall passes a waiting creature's request on to the creature it meets. */
  record MeetWith(MeetRequest other) implements CreatureMsg {}

  record Change(Colour colour) implements CreatureMsg {}

  record GoHome() implements CreatureMsg {}

  /** The mall's outcome: meetings by the colours it saw, and every creature's report. */
  record MallResult(long[] meetingsByColour, List<CreatureReport> reports) {}

  private static final class Mall implements Actor<MallMsg> {
    private final int creatures;
    private final CompletableFuture<MallResult> result;
    private final long[] meetingsByColour = new long[3];
    private final List<CreatureReport> reports = new ArrayList<>();
    private int meetingsLeft;
    private @Nullable MeetRequest waiting;

    Mall(int creatures, int meetings, CompletableFuture<MallResult> result) {
      this.creatures = creatures;
      this.meetingsLeft = meetings;
      this.result = result;
    }

    @Override
    public void handle(Context<MallMsg> cx, MallMsg msg) {
      switch (msg) {
        case MeetRequest request when meetingsLeft == 0 -> request.creature().send(cx, new GoHome());
        case MeetRequest request -> {
          MeetRequest first = waiting;
          if (first == null) {
            waiting = request;
          } else {
            waiting = null;
            meetingsLeft--;
            meetingsByColour[first.colour().ordinal()]++;
            meetingsByColour[request.colour().ordinal()]++;
            request.creature().send(cx, new MeetWith(first));
          }
        }
        case Faded faded -> {
          reports.add(faded.report());
          if (reports.size() == creatures) {
            result.complete(new MallResult(meetingsByColour, reports));
            cx.stop("every creature went home");
          }
        }
      }
    }
  }

  private static final class Creature implements Actor<CreatureMsg> {
    private final ActorHandle<MallMsg> mall;
    private final long[] meetingsByColour = new long[3];
    private Colour colour;

    Creature(ActorHandle<MallMsg> mall, Colour colour) {
      this.mall = mall;
      this.colour = colour;
    }

    @Override
    public void handle(Context<CreatureMsg> cx, CreatureMsg msg) {
      switch (msg) {
        case GoToMall g -> mall.send(cx, new MeetRequest(colour, cx.handle()));
        case MeetWith m -> {
          meetingsByColour[colour.ordinal()]++;
          colour = colour.complement(m.other().colour());
          m.other().creature().send(cx, new Change(colour));
          mall.send(cx, new MeetRequest(colour, cx.handle()));
        }
        case Change c -> {
          meetingsByColour[colour.ordinal()]++;
          colour = c.colour();
          mall.send(cx, new MeetRequest(colour, cx.handle()));
        }
        case GoHome h -> {
          mall.send(cx, new Faded(new CreatureReport(meetingsByColour, colour)));
          cx.stop("went home");
        }
      }
    }
  }

  /** Chameneos: {@code creatures} creatures meet pairwise at a mall {@code meetings} times. */
  public double chameneos(int creatures, int meetings) throws Exception {
    return run("chameneos", proc -> {
      CompletableFuture<MallResult> result = new CompletableFuture<>();
      ActorHandle<MallMsg> mall = proc.spawn("mall", new Mall(creatures, meetings, result));
      List<ActorHandle<CreatureMsg>> all = new ArrayList<>();
      for (int i = 0; i < creatures; i++) {
        all.add(proc.spawn("creature-" + i, new Creature(mall, Colour.initial(i))));
      }
      GoToMall go = new GoToMall();
      all.forEach(c -> c.send(go));
      return result;
    }, result -> Savina.checkChameneos(creatures, meetings, result.meetingsByColour(), result.reports()));
  }

  // ---- Big -------------------------------------------------------------------------------------

  sealed interface BigMsg permits Neighbours, BigPing, BigPong, Report {}

  record Neighbours(List<ActorHandle<BigMsg>> all) implements BigMsg {}

  record BigPing(ActorHandle<BigMsg> replyTo) implements BigMsg {}

  record BigPong() implements BigMsg {}

  /** From the sink, once every actor is done: report how many pings you answered, and stop. */
  record Report() implements BigMsg {}

  sealed interface SinkMsg permits Members, Done, Answered {}

  /** Whom the sink asks for a report once every actor is done. */
  record Members(List<ActorHandle<BigMsg>> all) implements SinkMsg {}

  /** An actor sent all its pings and got a pong for each. */
  record Done(int pingsSent, int pongsReceived) implements SinkMsg {}

  record Answered(long pings) implements SinkMsg {}

  private static final class BigActor implements Actor<BigMsg> {
    private final ActorHandle<SinkMsg> sink;
    private final int pings;
    private final SplittableRandom random;
    private List<ActorHandle<BigMsg>> neighbours = List.of();
    private int sent;
    private int pongs;
    private long answered;

    BigActor(ActorHandle<SinkMsg> sink, int pings, int seed) {
      this.sink = sink;
      this.pings = pings;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public void handle(Context<BigMsg> cx, BigMsg msg) {
      switch (msg) {
        case Neighbours n -> {
          neighbours = n.all();
          pingRandom(cx);
        }
        case BigPing p -> {
          answered++;
          p.replyTo().send(cx, new BigPong());
        }
        case BigPong p -> {
          pongs++;
          if (sent == pings) {
            sink.send(cx, new Done(sent, pongs));
          } else {
            pingRandom(cx);
          }
        }
        case Report r -> {
          sink.send(cx, new Answered(answered));
          cx.stop("big finished");
        }
      }
    }

    private void pingRandom(Context<BigMsg> cx) {
      sent++;
      neighbours.get(random.nextInt(neighbours.size())).send(cx, new BigPing(cx.handle()));
    }
  }

  /** The sink's sums once every actor reported. */
  record BigResult(int actorsExact, long pingsSent, long pongsReceived, long pingsAnswered) {}

  private static final class Sink implements Actor<SinkMsg> {
    private final int actors;
    private final int pings;
    private final CompletableFuture<BigResult> result;
    private List<ActorHandle<BigMsg>> all = List.of();
    private int done;
    private int exact;
    private long sent;
    private long pongs;
    private int reported;
    private long answered;

    Sink(int actors, int pings, CompletableFuture<BigResult> result) {
      this.actors = actors;
      this.pings = pings;
      this.result = result;
    }

    @Override
    public void handle(Context<SinkMsg> cx, SinkMsg msg) {
      switch (msg) {
        case Members m -> all = m.all();
        case Done d -> {
          sent += d.pingsSent();
          pongs += d.pongsReceived();
          if (d.pingsSent() == pings && d.pongsReceived() == pings) {
            exact++;
          }
          if (++done == actors) {
            Report report = new Report();
            all.forEach(a -> a.send(cx, report));
          }
        }
        case Answered a -> {
          answered += a.pings();
          if (++reported == actors) {
            result.complete(new BigResult(exact, sent, pongs, answered));
            cx.stop("big finished");
          }
        }
      }
    }
  }

  /** Big: {@code actors} actors each ping random actors {@code pings} times, one at a time. */
  public double big(int actors, int pings) throws Exception {
    return run("big", proc -> {
      CompletableFuture<BigResult> result = new CompletableFuture<>();
      List<ActorHandle<BigMsg>> all = new ArrayList<>();
      ActorHandle<SinkMsg> sink = proc.spawn("sink", new Sink(actors, pings, result));
      for (int i = 0; i < actors; i++) {
        all.add(proc.spawn("big-" + i, new BigActor(sink, pings, i)));
      }
      // The sink learns the actors before any can be done: they start on Neighbours, sent after.
      List<ActorHandle<BigMsg>> neighbours = List.copyOf(all);
      sink.send(new Members(neighbours));
      Neighbours start = new Neighbours(neighbours);
      all.forEach(a -> a.send(start));
      return result;
    }, result -> Savina.checkBig(actors, pings, result.actorsExact(), result.pingsSent(),
        result.pongsReceived(), result.pingsAnswered()));
  }

  // ---- Trapezoid -------------------------------------------------------------------------------

  record Slice(int from, int to, ActorHandle<Area> replyTo) {}

  record Area(double area, int pieces) {}

  /** The master's sum: the area and how many pieces it covers. */
  record TrapezoidResult(double area, long pieces) {}

  private static final class TrapezoidWorker implements Actor<Slice> {
    private final int pieces;

    TrapezoidWorker(int pieces) {
      this.pieces = pieces;
    }

    @Override
    public void handle(Context<Slice> cx, Slice slice) {
      double area = Savina.trapezoidArea(pieces, slice.from(), slice.to());
      slice.replyTo().send(cx, new Area(area, slice.to() - slice.from()));
      cx.stop("slice done");
    }
  }

  private static final class TrapezoidMaster implements Actor<Area> {
    private final int workers;
    private final CompletableFuture<TrapezoidResult> result;
    private int answered;
    private double area;
    private long pieces;

    TrapezoidMaster(int workers, CompletableFuture<TrapezoidResult> result) {
      this.workers = workers;
      this.result = result;
    }

    @Override
    public void handle(Context<Area> cx, Area a) {
      area += a.area();
      pieces += a.pieces();
      if (++answered == workers) {
        result.complete(new TrapezoidResult(area, pieces));
        cx.stop("area summed");
      }
    }
  }

  /**
   * Trapezoid: {@code pieces} trapezoids of [1, 5] shared among {@code workers} workers; {@code
   * reference} is {@link Savina#trapezoidReference} for {@code pieces}.
   */
  public double trapezoid(int pieces, int workers, double reference) throws Exception {
    return run("trapezoid", proc -> {
      CompletableFuture<TrapezoidResult> result = new CompletableFuture<>();
      ActorHandle<Area> master = proc.spawn("master", new TrapezoidMaster(workers, result));
      for (int i = 0; i < workers; i++) {
        proc.spawn("worker-" + i, new TrapezoidWorker(pieces)).send(new Slice(
            Savina.trapezoidFirstPiece(pieces, workers, i),
            Savina.trapezoidFirstPiece(pieces, workers, i + 1), master));
      }
      return result;
    }, result -> Savina.checkTrapezoid(pieces, result.pieces(), result.area(), reference));
  }
}
