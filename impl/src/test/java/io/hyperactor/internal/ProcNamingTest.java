package io.hyperactor.internal;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.internal.TestSupport.proc;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.ActorCell;
import io.hyperactor.ActorHandle;
import io.hyperactor.internal.TestActor.Msg;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Actor id allocation for named children (AI-1, AI-3) and root names. */
@Timeout(60)
class ProcNamingTest {

  @org.junit.jupiter.api.AfterEach
  void destroyProcs() {
    TestSupport.destroyAll();
  }
  private final ProcImpl proc = (ProcImpl) proc();

  private ActorHandle<Msg> root(String name) {
    return proc.spawn(name, new TestActor());
  }

  private ActorHandle<Msg> named(ActorHandle<Msg> parent, String name) {
    return proc.spawnNamedChild((InstanceCell) parent.cell(), name, new TestActor());
  }

  private ActorHandle<Msg> unnamed(ActorHandle<Msg> parent) {
    return proc.spawnChild((InstanceCell) parent.cell(), new TestActor());
  }

  @Test
  void testSpawnWithNameCreatesDescriptiveName() {
    ActorHandle<Msg> child = named(root("root"), "my_controller");
    assertThat(child.actorId().name()).isEqualTo("my_controller");
    assertThat(child.actorId().pid()).isEqualTo(1);
  }

  @Test
  void testSpawnWithNameIncrementsIndex() {
    ActorHandle<Msg> root = root("root");
    assertThat(named(root, "ctrl").actorId().pid()).isEqualTo(1);
    assertThat(named(root, "ctrl").actorId().pid()).isEqualTo(2);
  }

  @Test
  void testSpawnWithNamePreservesSupervision() {
    ActorHandle<Msg> root = root("root");
    ActorHandle<Msg> child = named(root, "my_controller");
    assertThat(child.cell().parent().map(ActorCell::actorId)).hasValue(root.actorId());
  }

  @Test
  void testSpawnUnchanged() {
    ActorHandle<Msg> root = root("root");
    assertThat(unnamed(root).actorId().name()).isEqualTo("root");
  }

  @Test
  void testSpawnWithNameDifferentNamesDifferentPids() {
    ActorHandle<Msg> root = root("root");
    ActorHandle<Msg> a = named(root, "controller_a");
    ActorHandle<Msg> b = named(root, "controller_b");
    assertThat(a.actorId().pid()).isNotEqualTo(b.actorId().pid());
    assertThat(a.actorId().name()).isEqualTo("controller_a");
    assertThat(b.actorId().name()).isEqualTo("controller_b");
  }

  @Test
  void testSpawnWithNameNoChildOverwrite() {
    ActorHandle<Msg> root = root("root");
    named(root, "ctrl");
    named(root, "ctrl");
    unnamed(root);
    assertThat(root.cell().childCount()).isEqualTo(3);
  }

  @Test
  void testSpawnWithNameDoesNotPolluteRoots() {
    ActorHandle<Msg> root = root("root");
    named(root, "foo");
    ActorHandle<Msg> foo = root("foo");
    assertThat(foo.actorId().pid()).isEqualTo(0);
  }

  @Test
  void testAi3ControllerActorIdsUniqueAcrossParentsSameProc() {
    ActorHandle<Msg> a = named(root("parent_a"), "controller_mesh_a");
    ActorHandle<Msg> b = named(root("parent_b"), "controller_mesh_b");
    assertThat(a.actorId()).isNotEqualTo(b.actorId());
  }

  @Test
  void testAi3NoControllerOverwriteInParentOrProcMaps() {
    ActorHandle<Msg> parentA = root("parent_a");
    ActorHandle<Msg> parentB = root("parent_b");
    ActorHandle<Msg> a = named(parentA, "controller_mesh_a");
    ActorHandle<Msg> b = named(parentB, "controller_mesh_b");
    assertThat(proc.getInstance(a.actorId())).isPresent();
    assertThat(proc.getInstance(b.actorId())).isPresent();
    assertThat(parentA.cell().childCount()).isEqualTo(1);
    assertThat(parentB.cell().childCount()).isEqualTo(1);
  }

  @Test
  void rootNamesAreNeverReused() {
    ActorHandle<Msg> first = root("once");
    first.drainAndStop("done");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> root("once"));
    assertThat(e).hasMessageThat().isEqualTo("an actor with name 'once' has already been spawned");
    e = assertThrows(IllegalArgumentException.class, () -> proc.instance("once"));
    assertThat(e).hasMessageThat().contains("'once' has already been spawned");
  }

  @Test
  void namedChildCannotSpawnUnnamedChildrenWithoutARootOfItsName() {
    ActorHandle<Msg> ctrl = named(root("root"), "orphan_name");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unnamed(ctrl));
    assertThat(e).hasMessageThat().contains("no actor named orphan_name in proc");
  }
}
