package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The children's table: a parent's linked children by pid, checked against a sorted map. */
class ChildTableTest {
  private final ProcImpl proc = (ProcImpl) TestSupport.proc();
  private final ActorId root = new ProcId(new ChannelAddr.Local(0), "tree").actorId("parent");

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  private InstanceCell cell(long pid) {
    return new InstanceCell(
        "test",
        Object.class,
        root.childId(pid),
        proc,
        UUID.randomUUID(),
        null);
  }

  private InstanceCell childOf(InstanceCell parent, long pid) {
    return new InstanceCell(
        "test",
        Object.class,
        root.childId(pid),
        proc,
        UUID.randomUUID(),
        parent);
  }

  @Test
  void randomLinksAndUnlinksMatchASortedMap() {
    InstanceCell owner = cell(0);
    ChildTable table = new ChildTable(owner);
    TreeMap<Long, InstanceCell> model = new TreeMap<>();
    Random random = new Random(42);
    for (int op = 0; op < 20_000; op++) {
      // A small pid range, so probe runs collide, wrap and shift back on removal.
      long pid = 1 + random.nextInt(300);
      InstanceCell linked = model.get(pid);
      if (random.nextInt(3) == 0 && linked != null) {
        assertThat(table.remove(linked)).isTrue();
        model.remove(pid);
      } else if (linked == null) {
        InstanceCell c = cell(pid);
        table.put(c);
        model.put(pid, c);
      } else {
        // A different cell under a linked pid is not linked: removing it changes nothing.
        assertThat(table.remove(cell(pid))).isFalse();
      }
      assertThat(table.size()).isEqualTo(model.size());
    }
    assertThat(table.sortedCells()).containsExactlyElementsIn(model.values()).inOrder();
    for (long pid = 1; pid <= 300; pid++) {
      assertThat(table.contains(pid)).isEqualTo(model.containsKey(pid));
    }
  }

  @Test
  void growsAndShrinksWithManyChildren() {
    ChildTable table = new ChildTable(cell(0));
    List<InstanceCell> cells = new ArrayList<>();
    for (long pid = 1; pid <= 10_000; pid++) {
      InstanceCell c = cell(pid);
      cells.add(c);
      table.put(c);
    }
    assertThat(table.size()).isEqualTo(10_000);
    for (InstanceCell c : cells.subList(0, 9_990)) {
      assertThat(table.remove(c)).isTrue();
    }
    assertThat(table.sortedCells())
        .containsExactlyElementsIn(cells.subList(9_990, 10_000))
        .inOrder();
    assertThat(table.contains(1)).isFalse();
    assertThat(table.contains(10_000)).isTrue();
    table.clear();
    assertThat(table.size()).isEqualTo(0);
    assertThat(table.sortedCells()).isEmpty();
  }

  @Test
  void childrenShareTheWeakReferenceToTheirParent() {
    InstanceCell parent = cell(0);
    InstanceCell a = childOf(parent, 1);
    InstanceCell b = childOf(parent, 2);
    a.linkToParent();
    b.linkToParent();
    assertThat(parent.childActorIds()).containsExactly(a.actorId(), b.actorId()).inOrder();
    assertThat(a.parent()).hasValue(parent);
    assertThat(b.maybeUnlinkParent()).isSameInstanceAs(parent);
    assertThat(b.maybeUnlinkParent()).isNull();
    assertThat(b.parent()).isEmpty();
    assertThat(parent.childCount()).isEqualTo(1);
  }
}
