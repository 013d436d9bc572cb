package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.resource.Base58;
import io.hyperactor.resource.ResourceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resource and typed mesh ids, as upstream's {@code mesh_id.rs} tests them. */
class MeshIdTest {
  private static final long UID = 0xd5d54d7201103869L;
  private static final String B58 = Base58.encode(UID);

  @Test
  void testResourceIdSingleton() {
    ResourceId id = ResourceId.singleton("local");
    assertThat(id.isSingleton()).isTrue();
    assertThat(id.uid()).isEqualTo("local");
    assertThat(id.label()).isEmpty();
    assertThat(id.toString()).isEqualTo("local");
  }

  @Test
  void testResourceIdInstance() {
    ResourceId id = ResourceId.instance("workers");
    assertThat(id.isSingleton()).isFalse();
    assertThat(id.label()).hasValue("workers");
  }

  @Test
  void testResourceIdUnlabeled() {
    ResourceId id = ResourceId.instance(0xabcdef, null);
    assertThat(id.toString()).isEqualTo("resource-" + Base58.encode(0xabcdef));
    assertThat(id.label()).isEmpty();
  }

  @Test
  void testResourceIdEqByUidOnly() {
    assertThat(ResourceId.instance(0x42, "alpha")).isEqualTo(ResourceId.instance(0x42, "beta"));
  }

  @Test
  void testResourceIdNeqDifferentUid() {
    assertThat(ResourceId.instance(1, "same")).isNotEqualTo(ResourceId.instance(2, "same"));
  }

  @Test
  void testResourceIdHashByUidOnly() {
    assertThat(ResourceId.instance(0x42, "alpha").hashCode())
        .isEqualTo(ResourceId.instance(0x42, "beta").hashCode());
  }

  @Test
  void testResourceIdOrdByUidOnly() {
    assertThat(ResourceId.instance(1, "zzz")).isLessThan(ResourceId.instance(2, "aaa"));
  }

  @Test
  void testResourceIdDisplaySingleton() {
    assertThat(ResourceId.singleton("local").toString()).isEqualTo("local");
  }

  @Test
  void testResourceIdDisplayLabeledInstance() {
    assertThat(ResourceId.instance(UID, "workers").toString()).isEqualTo("workers-" + B58);
  }

  @Test
  void testResourceIdDisplayUnlabeledInstance() {
    assertThat(ResourceId.instance(UID, null).toString()).isEqualTo("resource-" + B58);
  }

  @Test
  void testResourceIdDebug() {
    assertThat(ResourceId.singleton("local").debugString()).isEqualTo("<local>");
    assertThat(ResourceId.instance(UID, "workers").debugString())
        .isEqualTo("<'workers' " + B58 + ">");
    assertThat(ResourceId.instance(UID, null).debugString()).isEqualTo("<" + B58 + ">");
  }

  @Test
  void testResourceIdFromstrSingleton() {
    ResourceId parsed = ResourceId.parse("local");
    assertThat(parsed).isEqualTo(ResourceId.singleton("local"));
    assertThat(parsed.isSingleton()).isTrue();
    assertThat(parsed.label()).isEmpty();
  }

  @Test
  void testResourceIdFromstrBase58LikeSingleton() {
    ResourceId parsed = ResourceId.parse("service");
    assertThat(parsed.isSingleton()).isTrue();
    assertThat(parsed.uid()).isEqualTo("service");
    assertThat(parsed.label()).isEmpty();
  }

  @Test
  void testResourceIdFromstrShortSuffixSingleton() {
    ResourceId parsed = ResourceId.parse("env-vars");
    assertThat(parsed.isSingleton()).isTrue();
    assertThat(parsed.uid()).isEqualTo("env-vars");
    assertThat(parsed.label()).isEmpty();
  }

  @Test
  void testResourceIdFromstrLabeledInstance() {
    ResourceId parsed = ResourceId.parse("workers-" + B58);
    assertThat(parsed).isEqualTo(ResourceId.instance(UID, null));
    assertThat(parsed.label()).hasValue("workers");
  }

  @Test
  void testResourceIdFromstrDefaultLabeledInstance() {
    ResourceId parsed = ResourceId.parse("resource-" + B58);
    assertThat(parsed).isEqualTo(ResourceId.instance(UID, null));
    assertThat(parsed.label()).isEmpty();
  }

  @Test
  void testResourceIdFromstrRejectsUnlabeledInstance() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("<" + B58 + ">"));
    assertThat(e).hasMessageThat().contains("invalid resource id '<" + B58 + ">'");
  }

  @Test
  void testResourceIdFromstrLabeledWithHyphens() {
    ResourceId parsed = ResourceId.parse("my-service-" + B58);
    assertThat(parsed).isEqualTo(ResourceId.instance(UID, null));
    assertThat(parsed.label()).hasValue("my-service");
  }

  @Test
  void testResourceIdDisplayFromstrRoundtrip() {
    List<ResourceId> cases =
        List.of(
            ResourceId.singleton("local"),
            ResourceId.instance(UID, "workers"),
            ResourceId.instance(UID, null),
            ResourceId.instance(UID, "my-service"),
            ResourceId.instance(UID, "a"));
    for (ResourceId id : cases) {
      ResourceId parsed = ResourceId.parse(id.toString());
      assertThat(parsed).isEqualTo(id);
      assertThat(parsed.label()).isEqualTo(id.label());
      assertThat(parsed.isSingleton()).isEqualTo(id.isSingleton());
    }
  }

  @Test
  void testMeshIdConstruction() {
    HostMeshId host = HostMeshId.singleton("local");
    assertThat(host.toString()).isEqualTo("local");
    assertThat(host.resourceId().isSingleton()).isTrue();
    assertThat(host.resourceId().uid()).isEqualTo("local");

    ProcMeshId proc = ProcMeshId.instance("workers");
    assertThat(proc.resourceId().isSingleton()).isFalse();
    assertThat(proc.resourceId().label()).hasValue("workers");

    ActorMeshId actor = ActorMeshId.instance("trainers");
    assertThat(actor.resourceId().isSingleton()).isFalse();
    assertThat(actor.resourceId().label()).hasValue("trainers");
  }

  @Test
  void testMeshIdEqByUidOnly() {
    assertThat(new HostMeshId(ResourceId.instance(0x42, "alpha")))
        .isEqualTo(new HostMeshId(ResourceId.instance(0x42, "beta")));
  }

  @Test
  void testMeshIdDisplayFromstrRoundtrip() {
    List<HostMeshId> ids =
        List.of(
            HostMeshId.singleton("local"),
            new HostMeshId(ResourceId.instance(UID, "workers")),
            new HostMeshId(ResourceId.instance(UID, null)));
    for (HostMeshId id : ids) {
      HostMeshId parsed = HostMeshId.parse(id.toString());
      assertThat(parsed).isEqualTo(id);
      assertThat(parsed.resourceId().label()).isEqualTo(id.resourceId().label());
    }
  }

  @Test
  void testTypedMeshIdDisplayUsesTypeDefaultLabel() {
    ResourceId unlabelled = ResourceId.instance(UID, null);
    assertThat(new HostMeshId(unlabelled).toString()).isEqualTo("host-" + B58);
    assertThat(new ProcMeshId(unlabelled).toString()).isEqualTo("proc-" + B58);
    assertThat(new ActorMeshId(unlabelled).toString()).isEqualTo("actor-" + B58);
  }

  @Test
  void testTypedMeshIdParseOmitsTypeDefaultLabel() {
    ProcMeshId proc = ProcMeshId.parse("proc-" + B58);
    assertThat(proc.resourceId()).isEqualTo(ResourceId.instance(UID, null));
    assertThat(proc.resourceId().label()).isEmpty();

    ActorMeshId actor = ActorMeshId.parse("actor-" + B58);
    assertThat(actor.resourceId()).isEqualTo(ResourceId.instance(UID, null));
    assertThat(actor.resourceId().label()).isEmpty();
  }

  @Test
  void testTypedMeshIdParsePreservesNonDefaultLabel() {
    ProcMeshId proc = ProcMeshId.parse("worker-" + B58);
    assertThat(proc.resourceId()).isEqualTo(ResourceId.instance(UID, null));
    assertThat(proc.resourceId().label()).hasValue("worker");
  }

  @Test
  void testMeshIdResourceIdConversion() {
    HostMeshId host = HostMeshId.instance("test");
    ResourceId resource = host.resourceId();
    assertThat(resource.uid()).isEqualTo(host.resourceId().uid());
    assertThat(resource.label()).hasValue("test");
    assertThat(new HostMeshId(resource)).isEqualTo(host);
  }

  @Test
  void testMeshIdSerdeTransparent() {
    // A typed id's text form (its header and configuration value) is its resource id's.
    HostMeshId host = new HostMeshId(ResourceId.instance(UID, "test"));
    ResourceId resource = ResourceId.instance(UID, "test");
    assertThat(host.toString()).isEqualTo(resource.toString());
    assertThat(HostMeshId.parse(resource.toString()).resourceId().label()).hasValue("test");
  }

  @Test
  void testInstanceIdsDiffer() {
    assertThat(ResourceId.instance("test")).isNotEqualTo(ResourceId.instance("test"));
  }

  @Test
  void testSingletonIdsMatch() {
    assertThat(ResourceId.singleton("local")).isEqualTo(ResourceId.singleton("local"));
  }

  @Test
  void invalidMeshIdTextNamesTheKind() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ActorMeshId.parse("Not An Id"));
    assertThat(e).hasMessageThat().startsWith("invalid actor mesh id 'Not An Id': ");
  }
}
