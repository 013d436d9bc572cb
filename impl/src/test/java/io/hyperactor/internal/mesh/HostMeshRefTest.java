package io.hyperactor.internal.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.HostMeshId;
import io.hyperactor.mesh.HostRef;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Host mesh references: display, parse and slicing, as upstream's {@code host_mesh.rs}. */
class HostMeshRefTest {

  @Test
  void testHostMeshSubset() {
    HostMeshRefImpl hosts =
        HostMeshRefImpl.parse("test:local:1,local:2,local:3,local:4@replica=2/2,host=2/1");
    assertThat(hosts.range("replica", 1).toString())
        .isEqualTo("test:local:3,local:4@2+replica=1/2,host=2/1");
  }

  @Test
  void testHostMeshRefParseRoundtrip() {
    HostRef host = new HostRef(ChannelAddr.parse("tcp:127.0.0.1:123"));
    HostMeshRefImpl ref =
        new HostMeshRefImpl(
            HostMeshId.singleton("test"),
            Extent.of("replica", 2, "host", 2).region(),
            com.google.common.collect.ImmutableList.copyOf(Collections.nCopies(4, host)));
    HostMeshRefImpl parsed = HostMeshRefImpl.parse(ref.toString());
    assertThat(parsed.id().toString()).isEqualTo(ref.id().toString());
    assertThat(parsed.region()).isEqualTo(ref.region());
    assertThat(parsed.hosts()).isEqualTo(ref.hosts());
  }

  @Test
  void malformedRefsAreRejectedNamingTheProblem() {
    assertThat(assertThrows(IllegalArgumentException.class, () -> HostMeshRefImpl.parse("nohosts")))
        .hasMessageThat()
        .contains("missing the id");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> HostMeshRefImpl.parse("test:local:1")))
        .hasMessageThat()
        .contains("missing the region");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> HostMeshRefImpl.parse("test:local:1,local:2@hosts=3/1")))
        .hasMessageThat()
        .contains("region hosts=3/1 has 3 ranks, but 2 hosts were given");
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> HostMeshRefImpl.parse("test:nowhere:1@hosts=1/1")))
        .hasMessageThat()
        .startsWith("invalid host mesh ref 'test:nowhere:1@hosts=1/1': ");
  }
}
