package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ActorId;
import io.hyperactor.id.ProcId;
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
    return new InstanceCell(
        "test", Object.class, new MailboxImpl(id, proc), new Sequencer(UUID.randomUUID()), null);
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
