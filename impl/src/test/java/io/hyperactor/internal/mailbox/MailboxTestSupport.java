package io.hyperactor.internal.mailbox;

import io.hyperactor.Actor;
import io.hyperactor.Context;
import io.hyperactor.Instance;
import io.hyperactor.MailboxSender;
import io.hyperactor.MessageEnvelope;
import io.hyperactor.Proc;
import io.hyperactor.Undeliverable;
import io.hyperactor.internal.Procs;
import io.hyperactor.internal.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Fixtures for the mailbox layer tests. */
final class MailboxTestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private MailboxTestSupport() {}

  /** Procs a test created, destroyed by {@link #destroyAll}. */
  static final List<Proc> PROCS = Collections.synchronizedList(new ArrayList<>());

  static Proc localProc() {
    Proc proc =
        Procs.local(TestServices.shared(), "local", TestServices.NO_EXIT);
    PROCS.add(proc);
    return proc;
  }

  static void destroyAll() {
    List<Proc> procs;
    synchronized (PROCS) {
      procs = List.copyOf(PROCS);
      PROCS.clear();
    }
    for (Proc p : procs) {
      p.destroyAndWait(Duration.ofSeconds(5), null, "test finished");
    }
  }

  /** A sender that records what it is given. */
  static final class RecordingSender implements MailboxSender {
    final LinkedBlockingQueue<MessageEnvelope> posted = new LinkedBlockingQueue<>();

    @Override
    public void post(MessageEnvelope envelope) {
      posted.add(envelope);
    }

    MessageEnvelope next() throws InterruptedException {
      MessageEnvelope e = posted.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (e == null) {
        throw new AssertionError("nothing was posted within " + TIMEOUT);
      }
      return e;
    }
  }

  /** Records the messages it handles and the undeliverables returned to it. */
  static final class Recorder implements Actor<Object> {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<Undeliverable> returned = new LinkedBlockingQueue<>();

    @Override
    public void handle(Context<Object> cx, Object message) {
      messages.add(message);
    }

    @Override
    public void handleUndeliverable(Instance<Object> self, Undeliverable undeliverable) {
      returned.add(undeliverable);
    }

    Object nextMessage() throws InterruptedException {
      Object m = messages.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message within " + TIMEOUT);
      }
      return m;
    }

    Undeliverable nextReturned() throws InterruptedException {
      Undeliverable u = returned.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (u == null) {
        throw new AssertionError("no undeliverable within " + TIMEOUT);
      }
      return u;
    }
  }
}
