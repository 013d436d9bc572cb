package io.hyperactor.internal.channel;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeliveryQueueTest {
  private final List<String> events = new ArrayList<>();

  private Delivery<String> delivery(String message) {
    return new Delivery<>() {
      @Override
      public String message() {
        return message;
      }

      @Override
      public boolean taken() {
        events.add("taken " + message);
        return !message.startsWith("withdrawn");
      }

      @Override
      public void dropped(ChannelException error) {
        events.add("dropped " + message + ": " + error.getMessage());
      }
    };
  }

  @Test
  void takeIsFifoAndCallsTheTakenHook() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    queue.offer(delivery("a"));
    queue.offer(delivery("b"));
    assertThat(queue.take()).isEqualTo("a");
    assertThat(queue.take()).isEqualTo("b");
    assertThat(events).containsExactly("taken a", "taken b").inOrder();
  }

  @Test
  void withdrawnMessagesAreSkipped() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    queue.offer(delivery("withdrawn a"));
    queue.offer(delivery("b"));
    assertThat(queue.take()).isEqualTo("b");
    queue.offer(delivery("withdrawn c"));
    assertThat(queue.poll(java.time.Duration.ofMillis(10))).isEmpty();
    assertThat(events)
        .containsExactly("taken withdrawn a", "taken b", "taken withdrawn c")
        .inOrder();
  }

  @Test
  void closeDropsWhatIsQueuedAndRefusesOffers() {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 10);
    queue.offer(delivery("a"));
    queue.close(new ChannelException(ChannelException.Kind.CLOSED, "gone"));
    assertThat(events).containsExactly("dropped a: gone");
    assertThat(queue.offer(delivery("b"))).isFalse();
    ChannelException e = assertThrows(ChannelException.class, queue::take);
    assertThat(e).hasMessageThat().isEqualTo("channel q is closed");
  }

  @Test
  void whenSpaceRunsOnceTheQueueDrainsToHalf() throws Exception {
    DeliveryQueue<String> queue = new DeliveryQueue<>("q", 4);
    for (String m : List.of("a", "b", "c", "d")) {
      queue.offer(delivery(m));
    }
    assertThat(queue.hasSpace()).isFalse();
    AtomicInteger resumed = new AtomicInteger();
    queue.whenSpace(resumed::incrementAndGet);
    queue.take();
    assertThat(resumed.get()).isEqualTo(0);
    queue.take();
    assertThat(resumed.get()).isEqualTo(1);
    queue.take();
    assertThat(resumed.get()).isEqualTo(1);
  }
}
