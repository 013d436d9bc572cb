package io.hyperactor.internal.mesh.cast;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.PortId;
import io.hyperactor.id.ProcId;
import io.hyperactor.mesh.Unsplit;
import io.hyperactor.mesh.accum.Reducers;
import io.hyperactor.ref.OncePortRef;
import io.hyperactor.ref.PortRef;
import io.hyperactor.resource.Rank;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rank binding and port splitting of cast messages, through records, lists, optionals and maps. */
class MessageBinderTest {
  private static final ProcId PROC = new ProcId(new ChannelAddr.Local(7), "binder");

  record Inner(String label, Rank rank) {}

  record Nested(Rank top, Inner inner, List<Inner> list, Optional<Rank> maybe, Map<String, Rank> byName) {}

  record Plain(String text, long value, List<String> names) {}

  record Replies(
      String arg,
      @Unsplit PortRef<String> replyTo0,
      PortRef<Long> replyTo1,
      OncePortRef<Long> once,
      OncePortRef<Long> reducedOnce,
      Rank rank) {}

  record Checked(Rank rank) {
    Checked {
      if (rank.value() != null && rank.value() > 5) {
        throw new IllegalArgumentException("rank too large: " + rank);
      }
    }
  }

  record Tree(String name, Rank rank, List<Tree> children) {}

  record Holder(Object payload) {}

  private static PortId port(long index) {
    return PROC.actorId("client").portId(index);
  }

  @Test
  void everyRankIsBoundInNestedRecordsListsOptionalsAndMapValues() {
    Nested message =
        new Nested(
            Rank.unbound(),
            new Inner("a", Rank.unbound()),
            List.of(new Inner("b", Rank.unbound()), new Inner("c", Rank.of(9))),
            Optional.of(Rank.unbound()),
            Map.of("x", Rank.unbound()));

    Nested bound = (Nested) MessageBinder.bindRank(message, 3);

    assertThat(bound.top()).isEqualTo(Rank.of(3));
    assertThat(bound.inner()).isEqualTo(new Inner("a", Rank.of(3)));
    assertThat(bound.list())
        .containsExactly(new Inner("b", Rank.of(3)), new Inner("c", Rank.of(3)))
        .inOrder();
    assertThat(bound.maybe()).hasValue(Rank.of(3));
    assertThat(bound.byName()).containsExactly("x", Rank.of(3));
    // The original is untouched: every destination binds its own copy.
    assertThat(message.top()).isEqualTo(Rank.unbound());
  }

  @Test
  void recursiveRecordsAreBoundAtEveryLevel() {
    Tree tree =
        new Tree(
            "root",
            Rank.unbound(),
            List.of(new Tree("leaf", Rank.unbound(), List.of())));

    Tree bound = (Tree) MessageBinder.bindRank(tree, 1);

    assertThat(bound.rank()).isEqualTo(Rank.of(1));
    assertThat(bound.children().get(0).rank()).isEqualTo(Rank.of(1));
  }

  @Test
  void componentsTypedObjectAreBoundByTheirValue() {
    Holder bound = (Holder) MessageBinder.bindRank(new Holder(new Inner("z", Rank.unbound())), 4);

    assertThat(bound.payload()).isEqualTo(new Inner("z", Rank.of(4)));
    assertThat(MessageBinder.bindRank(Rank.unbound(), 2)).isEqualTo(Rank.of(2));
  }

  @Test
  void aMessageWithNothingToBindIsReturnedAsIs() {
    Plain plain = new Plain("t", 5, new ArrayList<>(List.of("a")));

    assertThat(MessageBinder.mayBind(plain)).isFalse();
    assertThat(MessageBinder.bindRank(plain, 2)).isSameInstanceAs(plain);
    assertThat(MessageBinder.bindRank("text", 2)).isEqualTo("text");
    Holder holder = new Holder(plain);
    assertThat(MessageBinder.bindRank(holder, 2)).isSameInstanceAs(holder);
  }

  @Test
  void portsAreSplitExceptUnsplitOnesAndOncePortsWithoutAReducer() {
    PortRef<String> zero = new PortRef<>(port(1024));
    PortRef<Long> one = new PortRef<>(port(1025));
    OncePortRef<Long> once = new OncePortRef<>(port(1026));
    OncePortRef<Long> reduced = new OncePortRef<>(port(1027), Reducers.SUM);
    Replies message = new Replies("abc", zero, one, once, reduced, Rank.unbound());
    List<Object> seen = new ArrayList<>();
    MessageBinder.PortSplitter splitter =
        new MessageBinder.PortSplitter() {
          @Override
          public PortRef<?> split(PortRef<?> port) {
            seen.add(port);
            return new PortRef<>(port(2000 + port.portId().index()));
          }

          @Override
          public OncePortRef<?> split(OncePortRef<?> port) {
            seen.add(port);
            return port.reducer().isEmpty()
                ? port
                : new OncePortRef<>(port(2000 + port.portId().index()), port.reducerSpec());
          }
        };

    Replies bound = (Replies) MessageBinder.bind(message, Rank.of(6), splitter);

    assertThat(bound.replyTo0()).isSameInstanceAs(zero);
    assertThat(bound.replyTo1().portId()).isEqualTo(port(3025));
    assertThat(bound.once()).isSameInstanceAs(once);
    assertThat(bound.reducedOnce()).isEqualTo(new OncePortRef<>(port(3027), Reducers.SUM));
    assertThat(bound.rank()).isEqualTo(Rank.of(6));
    assertThat(bound.arg()).isEqualTo("abc");
    // The unsplit port is never offered to the splitter.
    assertThat(seen).containsExactly(one, once, reduced);
  }

  @Test
  void aConstructorThatRefusesTheBoundValuesFailsWithTheRecordNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MessageBinder.bindRank(new Checked(Rank.unbound()), 8));

    assertThat(e).hasMessageThat().contains(Checked.class.getName());
    assertThat(e).hasMessageThat().contains("rank too large");
  }

  @Test
  void boundCollectionsAreImmutable() {
    Nested bound =
        (Nested)
            MessageBinder.bindRank(
                new Nested(
                    Rank.unbound(),
                    new Inner("a", Rank.unbound()),
                    new ArrayList<>(List.of(new Inner("b", Rank.unbound()))),
                    Optional.empty(),
                    Map.of()),
                0);

    assertThat(bound.list()).isInstanceOf(ImmutableList.class);
    assertThat(bound.byName()).isEqualTo(ImmutableMap.of());
  }
}
