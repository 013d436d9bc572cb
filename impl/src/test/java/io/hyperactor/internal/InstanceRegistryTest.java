package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry: live cells by id, released ones held weakly, a newer registration kept. */
class InstanceRegistryTest {
  private final ProcImpl proc = (ProcImpl) TestSupport.proc();
  private final ActorId id = new ProcId(new ChannelAddr.Local(0), "registry").actorId("a");

  @AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }

  private InstanceCell cell() {
    return cell(id);
  }

  private InstanceCell cell(ActorId actorId) {
    return new InstanceCell(
        "test",
        Object.class,
        actorId,
        proc,
        UUID.randomUUID(),
        null);
  }

  @Test
  void anIdOfAnotherProcWithTheSameNameAndPidIsNotFound() {
    InstanceRegistry registry = new InstanceRegistry();
    InstanceCell mine = cell(id);
    registry.register(mine);
    ActorId elsewhere = new ProcId(new ChannelAddr.Local(1), "registry").actorId("a");
    ActorId otherName = new ProcId(new ChannelAddr.Local(0), "other").actorId("a");
    assertThat(elsewhere.name()).isEqualTo(id.name());
    assertThat(elsewhere.pid()).isEqualTo(id.pid());
    assertThat(registry.lookup(elsewhere)).isNull();
    assertThat(registry.lookup(otherName)).isNull();
    InstanceCell theirs = cell(elsewhere);
    registry.register(theirs);
    assertThat(registry.lookup(id)).isSameInstanceAs(mine);
    assertThat(registry.lookup(elsewhere)).isSameInstanceAs(theirs);
  }

  @Test
  void aLocalLookupMatchesAnEqualIdOfItsOwnProcButNotOfAnother() {
    InstanceRegistry registry = new InstanceRegistry();
    ProcId own = id.procId();
    InstanceCell mine = cell(id);
    registry.register(mine);
    // A received id: equal to the registered one, but every part a separate object.
    ActorId received = ActorId.parse(id.toString());
    assertThat(received.procId()).isNotSameInstanceAs(own);
    assertThat(registry.lookupLocal(received, own)).isSameInstanceAs(mine);
    assertThat(registry.lookupLocal(id.childId(7), own)).isNull();
    // An entry of another proc with the same name and pid is not this proc's actor.
    InstanceRegistry mixed = new InstanceRegistry();
    ActorId elsewhere = new ProcId(new ChannelAddr.Local(1), "registry").actorId("a");
    mixed.register(cell(elsewhere));
    assertThat(mixed.lookupLocal(received, own)).isNull();
  }

  @Test
  void manyEntriesFoundUntilCollectedThenPurged() {
    InstanceRegistry registry = new InstanceRegistry();
    List<InstanceCell> kept = new ArrayList<>();
    List<ActorId> dropped = new ArrayList<>();
    for (int i = 1; i <= 5_000; i++) {
      InstanceCell c = cell(id.childId(i));
      registry.register(c);
      if (i % 2 == 0) {
        kept.add(c);
      } else {
        registry.release(c);
        dropped.add(c.actorId());
      }
    }
    for (InstanceCell c : kept) {
      assertThat(registry.lookup(c.actorId())).isSameInstanceAs(c);
    }
    // The released cells are referenced from nowhere else: collections clear their entries,
    // and the registry purges them.
    for (int gc = 0; gc < 50 && registry.size() > kept.size(); gc++) {
      System.gc();
    }
    assertThat(registry.size()).isEqualTo(kept.size());
    assertThat(registry.liveIds())
        .containsExactlyElementsIn(kept.stream().map(InstanceCell::actorId).toList());
    for (ActorId gone : dropped) {
      assertThat(registry.lookup(gone)).isNull();
    }
    // Registering again, into the purged slots, finds every entry.
    for (ActorId again : dropped) {
      registry.register(cell(again));
    }
    for (ActorId again : dropped) {
      assertThat(registry.lookup(again).actorId()).isEqualTo(again);
    }
    for (InstanceCell c : kept) {
      assertThat(registry.lookup(c.actorId())).isSameInstanceAs(c);
    }
    assertThat(registry.keys()).hasSize(5_000);
    assertThat(registry.rootIds()).isEmpty();
  }

  @Test
  void aReleasedCellStaysAddressableWhileReferenced() {
    InstanceRegistry registry = new InstanceRegistry();
    InstanceCell cell = cell();
    registry.register(cell);
    assertThat(registry.lookup(id)).isSameInstanceAs(cell);
    assertThat(registry.liveIds()).containsExactly(id);
    registry.release(cell);
    // Still strongly held here, so the weak entry still resolves.
    assertThat(registry.lookup(id)).isSameInstanceAs(cell);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void releasingAnOlderCellKeepsTheNewerRegistration() {
    InstanceRegistry registry = new InstanceRegistry();
    InstanceCell older = cell();
    InstanceCell newer = cell();
    registry.register(older);
    registry.register(newer);
    registry.release(older);
    assertThat(registry.lookup(id)).isSameInstanceAs(newer);
    registry.release(newer);
    assertThat(registry.lookup(id)).isSameInstanceAs(newer);
    assertThat(registry.keys()).containsExactly(id);
  }
}
