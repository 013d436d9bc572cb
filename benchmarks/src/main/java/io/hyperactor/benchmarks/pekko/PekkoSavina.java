package io.hyperactor.benchmarks.pekko;

import com.typesafe.config.ConfigFactory;
import io.hyperactor.benchmarks.savina.Savina;
import io.hyperactor.benchmarks.savina.Savina.Colour;
import io.hyperactor.benchmarks.savina.Savina.CreatureReport;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jspecify.annotations.Nullable;

/**
 * The Savina benchmarks on Pekko typed, each written from the suite's description with the same
 * protocol and messages as {@code HyperactorSavina}. Every method runs one iteration under a fresh
 * top-level actor, which spawns the iteration's actors and sends the first messages; it checks the
 * result (throwing {@link IllegalStateException} if it is wrong), stops that actor and with it
 * the iteration's actors, and returns the milliseconds from the spawn until the result was known.
 */
public final class PekkoSavina implements AutoCloseable {
  private static final long TIMEOUT_MINUTES = 5;

  private final ActorSystem<Void> system;
  private int runs;

  public PekkoSavina() {
    system = ActorSystem.create(Behaviors.empty(), "savina",
        ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING")
            .withFallback(ConfigFactory.load()));
  }

  @Override
  public void close() throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** One iteration: spawns its actors under {@code ctx} and sends the first messages. */
  @FunctionalInterface
  private interface Iteration<R> {
    void start(ActorContext<StopRun> ctx, CompletableFuture<R> result);
  }

  @FunctionalInterface
  private interface Check<R> {
    void check(R result);
  }

  record StopRun() {}

  private <R> double run(String name, Iteration<R> iteration, Check<R> check) throws Exception {
    CompletableFuture<R> result = new CompletableFuture<>();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    long start = System.nanoTime();
    ActorRef<StopRun> root = system.systemActorOf(Behaviors.<StopRun>setup(ctx -> {
      try {
        iteration.start(ctx, result);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
      return Behaviors.receive(StopRun.class)
          .onMessage(StopRun.class, m -> Behaviors.stopped())
          .onSignal(PostStop.class, s -> {
            stopped.complete(null);
            return Behaviors.same();
          })
          .build();
    }), "savina-" + name + "-" + runs++, Props.empty());
    try {
      R outcome = result.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      long nanos = System.nanoTime() - start;
      check.check(outcome);
      return nanos / 1e6;
    } finally {
      root.tell(new StopRun());
      stopped.get(30, TimeUnit.SECONDS);
    }
  }

  // ---- PingPong --------------------------------------------------------------------------------

  sealed interface PingMsg permits StartPinging, Pong {}

  record StartPinging() implements PingMsg {}

  record Pong() implements PingMsg {}

  sealed interface PongMsg permits Ping, StopPong {}

  record Ping(ActorRef<PingMsg> replyTo) implements PongMsg {}

  record StopPong(long pongsReceived) implements PongMsg {}

  /** Both sides' counts: pings the ponger answered, pongs the pinger received. */
  record PingPongResult(long pingsAnswered, long pongsReceived) {}

  private static Behavior<PingMsg> pinger(ActorRef<PongMsg> pong, int pings) {
    return Behaviors.setup(ctx -> {
      int[] left = {pings};
      long[] pongs = {0};
      return Behaviors.receiveMessage(msg -> {
        if (msg instanceof Pong) {
          pongs[0]++;
        }
        if (left[0] > 0) {
          left[0]--;
          pong.tell(new Ping(ctx.getSelf()));
          return Behaviors.same();
        }
        pong.tell(new StopPong(pongs[0]));
        return Behaviors.stopped();
      });
    });
  }

  private static Behavior<PongMsg> ponger(CompletableFuture<PingPongResult> result) {
    return Behaviors.setup(ctx -> {
      long[] pings = {0};
      return Behaviors.receive(PongMsg.class)
          .onMessage(Ping.class, p -> {
            pings[0]++;
            p.replyTo().tell(new Pong());
            return Behaviors.same();
          })
          .onMessage(StopPong.class, s -> {
            result.complete(new PingPongResult(pings[0], s.pongsReceived()));
            return Behaviors.stopped();
          })
          .build();
    });
  }

  /** PingPong: {@code pings} pings, each answered before the next. */
  public double pingPong(int pings) throws Exception {
    return this.<PingPongResult>run("ping-pong", (ctx, result) -> {
      ActorRef<PongMsg> pong = ctx.spawn(ponger(result), "pong");
      ctx.spawn(pinger(pong, pings), "ping").tell(new StartPinging());
    }, result -> Savina.check(result.pingsAnswered() == pings && result.pongsReceived() == pings,
        "ping-pong: %s pings answered and %s pongs received, expected %s", result.pingsAnswered(),
        result.pongsReceived(), pings));
  }

  // ---- Count -----------------------------------------------------------------------------------

  sealed interface CounterMsg permits Increment, Retrieve {}

  record Increment() implements CounterMsg {}

  record Retrieve(ActorRef<ProducerMsg> replyTo) implements CounterMsg {}

  sealed interface ProducerMsg permits Produce, Total {}

  record Produce() implements ProducerMsg {}

  record Total(long count) implements ProducerMsg {}

  private static Behavior<CounterMsg> counter() {
    return Behaviors.setup(ctx -> {
      long[] count = {0};
      return Behaviors.receive(CounterMsg.class)
          .onMessage(Increment.class, i -> {
            count[0]++;
            return Behaviors.same();
          })
          .onMessage(Retrieve.class, r -> {
            r.replyTo().tell(new Total(count[0]));
            return Behaviors.stopped();
          })
          .build();
    });
  }

  private static Behavior<ProducerMsg> producer(
      ActorRef<CounterMsg> counter, int messages, CompletableFuture<Long> total) {
    return Behaviors.setup(ctx -> Behaviors.receive(ProducerMsg.class)
        .onMessage(Produce.class, p -> {
          Increment increment = new Increment();
          for (int i = 0; i < messages; i++) {
            counter.tell(increment);
          }
          counter.tell(new Retrieve(ctx.getSelf()));
          return Behaviors.same();
        })
        .onMessage(Total.class, t -> {
          total.complete(t.count());
          return Behaviors.stopped();
        })
        .build());
  }

  /** Count: a producer sends {@code messages} increments to a counter, then asks for the count. */
  public double count(int messages) throws Exception {
    return this.<Long>run("count", (ctx, total) -> {
      ActorRef<CounterMsg> counter = ctx.spawn(counter(), "counter");
      ctx.spawn(producer(counter, messages, total), "producer").tell(new Produce());
    }, total -> Savina.check(total == messages, "count: counted %s, expected %s", total, messages));
  }

  // ---- Fjthrput --------------------------------------------------------------------------------

  record Work() {}

  private static Behavior<Work> throughputWorker(int messages, CompletableFuture<Integer> processed) {
    return Behaviors.setup(ctx -> {
      int[] count = {0};
      return Behaviors.receiveMessage(work -> {
        Savina.forkJoinComputation();
        if (++count[0] == messages) {
          processed.complete(count[0]);
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }

  /**
   * Fjthrput: {@code messages} messages to each of {@code workers} workers, sent round robin by
   * the iteration's top-level actor; each message costs one {@link Savina#forkJoinComputation}.
   */
  public double fjThroughput(int workers, int messages) throws Exception {
    List<CompletableFuture<Integer>> processed = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      processed.add(new CompletableFuture<>());
    }
    return this.<Void>run("fjthrput", (ctx, all) -> {
      List<ActorRef<Work>> refs = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        refs.add(ctx.spawn(throughputWorker(messages, processed.get(i)), "worker-" + i));
      }
      Work work = new Work();
      for (int m = 0; m < messages; m++) {
        for (ActorRef<Work> worker : refs) {
          worker.tell(work);
        }
      }
      CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new))
          .whenComplete((ok, error) -> all.complete(null));
    }, ignored -> {
      for (CompletableFuture<Integer> done : processed) {
        Savina.check(done.join() == messages, "fjthrput: a worker processed %s, expected %s",
            done.join(), messages);
      }
    });
  }

  // ---- Fjcreat ---------------------------------------------------------------------------------

  sealed interface CreatorMsg permits CreateAll, Created {}

  record CreateAll() implements CreatorMsg {}

  record Created() implements CreatorMsg {}

  record Job(ActorRef<CreatorMsg> replyTo) {}

  private static final Behavior<Job> CREATED_WORKER = Behaviors.receiveMessage(job -> {
    Savina.forkJoinComputation();
    job.replyTo().tell(new Created());
    return Behaviors.stopped();
  });

  private static Behavior<CreatorMsg> creator(int actors, CompletableFuture<Integer> finished) {
    return Behaviors.setup(ctx -> {
      int[] answered = {0};
      return Behaviors.receive(CreatorMsg.class)
          .onMessage(CreateAll.class, c -> {
            for (int i = 0; i < actors; i++) {
              ctx.spawnAnonymous(CREATED_WORKER).tell(new Job(ctx.getSelf()));
            }
            return Behaviors.same();
          })
          .onMessage(Created.class, c -> {
            if (++answered[0] == actors) {
              finished.complete(answered[0]);
            }
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Fjcreat: {@code actors} actors created, each receiving one message and then stopping. */
  public double fjCreate(int actors) throws Exception {
    return this.<Integer>run("fjcreat", (ctx, finished) ->
        ctx.spawn(creator(actors, finished), "creator").tell(new CreateAll()),
        finished -> Savina.check(finished == actors, "fjcreat: %s actors answered, expected %s",
            finished, actors));
  }

  // ---- ThreadRing ------------------------------------------------------------------------------

  sealed interface RingMsg permits Neighbour, Token {}

  record Neighbour(ActorRef<RingMsg> next) implements RingMsg {}

  record Token(int hopsLeft, int hopsMade) implements RingMsg {}

  /** Where the token stopped: which ring member, after how many hops. */
  record RingEnd(int member, int hopsMade) {}

  private static Behavior<RingMsg> ringMember(int index, CompletableFuture<RingEnd> end) {
    return Behaviors.receive(RingMsg.class)
        .onMessage(Neighbour.class, n -> Behaviors.receive(RingMsg.class)
            .onMessage(Token.class, t -> {
              if (t.hopsLeft() == 0) {
                end.complete(new RingEnd(index, t.hopsMade()));
              } else {
                n.next().tell(new Token(t.hopsLeft() - 1, t.hopsMade() + 1));
              }
              return Behaviors.same();
            })
            .build())
        .onMessage(Token.class, t -> {
          end.completeExceptionally(new IllegalStateException(
              "ring member " + index + " got the token before its neighbour"));
          return Behaviors.same();
        })
        .build();
  }

  /** ThreadRing: a token passed {@code hops} times around a ring of {@code actors}. */
  public double threadRing(int actors, int hops) throws Exception {
    return this.<RingEnd>run("thread-ring", (ctx, end) -> {
      List<ActorRef<RingMsg>> ring = new ArrayList<>();
      for (int i = 0; i < actors; i++) {
        ring.add(ctx.spawn(ringMember(i, end), "member-" + i));
      }
      for (int i = 0; i < actors; i++) {
        ring.get(i).tell(new Neighbour(ring.get((i + 1) % actors)));
      }
      ring.get(0).tell(new Token(hops, 0));
    }, end -> Savina.check(end.hopsMade() == hops && end.member() == hops % actors,
        "thread ring: token stopped at member %s after %s hops, expected %s after %s",
        end.member(), end.hopsMade(), hops % actors, hops));
  }

  // ---- Chameneos -------------------------------------------------------------------------------

  sealed interface MallMsg permits MeetRequest, Faded {}

  record MeetRequest(Colour colour, ActorRef<CreatureMsg> creature) implements MallMsg {}

  record Faded(CreatureReport report) implements MallMsg {}

  sealed interface CreatureMsg permits GoToMall, MeetWith, Change, GoHome {}

  record GoToMall() implements CreatureMsg {}

  /** The mall passes a waiting creature's request on to the creature it meets. */
  record MeetWith(MeetRequest other) implements CreatureMsg {}

  record Change(Colour colour) implements CreatureMsg {}

  record GoHome() implements CreatureMsg {}

  /** The mall's outcome: meetings by the colours it saw, and every creature's report. */
  record MallResult(long[] meetingsByColour, List<CreatureReport> reports) {}

  private static final class Mall extends AbstractBehavior<MallMsg> {
    private final int creatures;
    private final CompletableFuture<MallResult> result;
    private final long[] meetingsByColour = new long[3];
    private final List<CreatureReport> reports = new ArrayList<>();
    private int meetingsLeft;
    private @Nullable MeetRequest waiting;

    Mall(ActorContext<MallMsg> ctx, int creatures, int meetings, CompletableFuture<MallResult> result) {
      super(ctx);
      this.creatures = creatures;
      this.meetingsLeft = meetings;
      this.result = result;
    }

    @Override
    public Receive<MallMsg> createReceive() {
      return newReceiveBuilder()
          .onMessage(MeetRequest.class, this::onMeetRequest)
          .onMessage(Faded.class, this::onFaded)
          .build();
    }

    private Behavior<MallMsg> onMeetRequest(MeetRequest request) {
      if (meetingsLeft == 0) {
        request.creature().tell(new GoHome());
        return this;
      }
      MeetRequest first = waiting;
      if (first == null) {
        waiting = request;
      } else {
        waiting = null;
        meetingsLeft--;
        meetingsByColour[first.colour().ordinal()]++;
        meetingsByColour[request.colour().ordinal()]++;
        request.creature().tell(new MeetWith(first));
      }
      return this;
    }

    private Behavior<MallMsg> onFaded(Faded faded) {
      reports.add(faded.report());
      if (reports.size() == creatures) {
        result.complete(new MallResult(meetingsByColour, reports));
        return Behaviors.stopped();
      }
      return this;
    }
  }

  private static final class Creature extends AbstractBehavior<CreatureMsg> {
    private final ActorRef<MallMsg> mall;
    private final long[] meetingsByColour = new long[3];
    private Colour colour;

    Creature(ActorContext<CreatureMsg> ctx, ActorRef<MallMsg> mall, Colour colour) {
      super(ctx);
      this.mall = mall;
      this.colour = colour;
    }

    @Override
    public Receive<CreatureMsg> createReceive() {
      return newReceiveBuilder()
          .onMessage(GoToMall.class, g -> goToMall())
          .onMessage(MeetWith.class, m -> {
            meetingsByColour[colour.ordinal()]++;
            colour = colour.complement(m.other().colour());
            m.other().creature().tell(new Change(colour));
            return goToMall();
          })
          .onMessage(Change.class, c -> {
            meetingsByColour[colour.ordinal()]++;
            colour = c.colour();
            return goToMall();
          })
          .onMessage(GoHome.class, h -> {
            mall.tell(new Faded(new CreatureReport(meetingsByColour, colour)));
            return Behaviors.stopped();
          })
          .build();
    }

    private Behavior<CreatureMsg> goToMall() {
      mall.tell(new MeetRequest(colour, getContext().getSelf()));
      return this;
    }
  }

  /** Chameneos: {@code creatures} creatures meet pairwise at a mall {@code meetings} times. */
  public double chameneos(int creatures, int meetings) throws Exception {
    return this.<MallResult>run("chameneos", (ctx, result) -> {
      ActorRef<MallMsg> mall = ctx.spawn(
          Behaviors.setup(c -> new Mall(c, creatures, meetings, result)), "mall");
      GoToMall go = new GoToMall();
      for (int i = 0; i < creatures; i++) {
        Colour colour = Colour.initial(i);
        ctx.spawn(Behaviors.<CreatureMsg>setup(c -> new Creature(c, mall, colour)), "creature-" + i)
            .tell(go);
      }
    }, result -> Savina.checkChameneos(creatures, meetings, result.meetingsByColour(), result.reports()));
  }

  // ---- Big -------------------------------------------------------------------------------------

  sealed interface BigMsg permits Neighbours, BigPing, BigPong, Report {}

  record Neighbours(List<ActorRef<BigMsg>> all) implements BigMsg {}

  record BigPing(ActorRef<BigMsg> replyTo) implements BigMsg {}

  record BigPong() implements BigMsg {}

  /** From the sink, once every actor is done: report how many pings you answered, and stop. */
  record Report() implements BigMsg {}

  sealed interface SinkMsg permits Members, Done, Answered {}

  /** Whom the sink asks for a report once every actor is done. */
  record Members(List<ActorRef<BigMsg>> all) implements SinkMsg {}

  /** An actor sent all its pings and got a pong for each. */
  record Done(int pingsSent, int pongsReceived) implements SinkMsg {}

  record Answered(long pings) implements SinkMsg {}

  /** The sink's sums once every actor reported. */
  record BigResult(int actorsExact, long pingsSent, long pongsReceived, long pingsAnswered) {}

  private static final class BigActor extends AbstractBehavior<BigMsg> {
    private final ActorRef<SinkMsg> sink;
    private final int pings;
    private final SplittableRandom random;
    private List<ActorRef<BigMsg>> neighbours = List.of();
    private int sent;
    private int pongs;
    private long answered;

    BigActor(ActorContext<BigMsg> ctx, ActorRef<SinkMsg> sink, int pings, int seed) {
      super(ctx);
      this.sink = sink;
      this.pings = pings;
      this.random = new SplittableRandom(seed);
    }

    @Override
    public Receive<BigMsg> createReceive() {
      return newReceiveBuilder()
          .onMessage(Neighbours.class, n -> {
            neighbours = n.all();
            return pingRandom();
          })
          .onMessage(BigPing.class, p -> {
            answered++;
            p.replyTo().tell(new BigPong());
            return this;
          })
          .onMessage(BigPong.class, p -> {
            pongs++;
            if (sent == pings) {
              sink.tell(new Done(sent, pongs));
              return this;
            }
            return pingRandom();
          })
          .onMessage(Report.class, r -> {
            sink.tell(new Answered(answered));
            return Behaviors.stopped();
          })
          .build();
    }

    private Behavior<BigMsg> pingRandom() {
      sent++;
      neighbours.get(random.nextInt(neighbours.size())).tell(new BigPing(getContext().getSelf()));
      return this;
    }
  }

  private static final class Sink extends AbstractBehavior<SinkMsg> {
    private final int actors;
    private final int pings;
    private final CompletableFuture<BigResult> result;
    private List<ActorRef<BigMsg>> all = List.of();
    private int done;
    private int exact;
    private long sent;
    private long pongs;
    private int reported;
    private long answered;

    Sink(ActorContext<SinkMsg> ctx, int actors, int pings, CompletableFuture<BigResult> result) {
      super(ctx);
      this.actors = actors;
      this.pings = pings;
      this.result = result;
    }

    @Override
    public Receive<SinkMsg> createReceive() {
      return newReceiveBuilder()
          .onMessage(Members.class, m -> {
            all = m.all();
            return this;
          })
          .onMessage(Done.class, d -> {
            sent += d.pingsSent();
            pongs += d.pongsReceived();
            if (d.pingsSent() == pings && d.pongsReceived() == pings) {
              exact++;
            }
            if (++done == actors) {
              Report report = new Report();
              all.forEach(a -> a.tell(report));
            }
            return this;
          })
          .onMessage(Answered.class, a -> {
            answered += a.pings();
            if (++reported == actors) {
              result.complete(new BigResult(exact, sent, pongs, answered));
              return Behaviors.stopped();
            }
            return this;
          })
          .build();
    }
  }

  /** Big: {@code actors} actors each ping random actors {@code pings} times, one at a time. */
  public double big(int actors, int pings) throws Exception {
    return this.<BigResult>run("big", (ctx, result) -> {
      ActorRef<SinkMsg> sink =
          ctx.spawn(Behaviors.setup(c -> new Sink(c, actors, pings, result)), "sink");
      List<ActorRef<BigMsg>> all = new ArrayList<>();
      for (int i = 0; i < actors; i++) {
        int seed = i;
        all.add(ctx.spawn(Behaviors.<BigMsg>setup(c -> new BigActor(c, sink, pings, seed)), "big-" + i));
      }
      // The sink learns the actors before any can be done: they start on Neighbours, sent after.
      List<ActorRef<BigMsg>> neighbours = List.copyOf(all);
      sink.tell(new Members(neighbours));
      Neighbours start = new Neighbours(neighbours);
      all.forEach(a -> a.tell(start));
    }, result -> Savina.checkBig(actors, pings, result.actorsExact(), result.pingsSent(),
        result.pongsReceived(), result.pingsAnswered()));
  }

  // ---- Trapezoid -------------------------------------------------------------------------------

  record Slice(int from, int to, ActorRef<Area> replyTo) {}

  record Area(double area, int pieces) {}

  /** The master's sum: the area and how many pieces it covers. */
  record TrapezoidResult(double area, long pieces) {}

  private static Behavior<Slice> trapezoidWorker(int pieces) {
    return Behaviors.receiveMessage(slice -> {
      double area = Savina.trapezoidArea(pieces, slice.from(), slice.to());
      slice.replyTo().tell(new Area(area, slice.to() - slice.from()));
      return Behaviors.stopped();
    });
  }

  private static Behavior<Area> trapezoidMaster(int workers, CompletableFuture<TrapezoidResult> result) {
    return Behaviors.setup(ctx -> {
      int[] answered = {0};
      double[] area = {0};
      long[] pieces = {0};
      return Behaviors.receiveMessage(a -> {
        area[0] += a.area();
        pieces[0] += a.pieces();
        if (++answered[0] == workers) {
          result.complete(new TrapezoidResult(area[0], pieces[0]));
          return Behaviors.stopped();
        }
        return Behaviors.same();
      });
    });
  }

  /**
   * Trapezoid: {@code pieces} trapezoids of [1, 5] shared among {@code workers} workers; {@code
   * reference} is {@link Savina#trapezoidReference} for {@code pieces}.
   */
  public double trapezoid(int pieces, int workers, double reference) throws Exception {
    return this.<TrapezoidResult>run("trapezoid", (ctx, result) -> {
      ActorRef<Area> master = ctx.spawn(trapezoidMaster(workers, result), "master");
      for (int i = 0; i < workers; i++) {
        ctx.spawn(trapezoidWorker(pieces), "worker-" + i).tell(new Slice(
            Savina.trapezoidFirstPiece(pieces, workers, i),
            Savina.trapezoidFirstPiece(pieces, workers, i + 1), master));
      }
    }, result -> Savina.checkTrapezoid(pieces, result.pieces(), result.area(), reference));
  }
}
