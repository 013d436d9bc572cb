package io.hyperactor.id;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final ProcId PROC = new ProcId(ChannelAddr.parse("tcp:127.0.0.1:1234"), "myproc");

  @Test
  void procIdDisplaysAddrCommaName() {
    assertThat(PROC.toString()).isEqualTo("tcp:127.0.0.1:1234,myproc");
    assertThat(ProcId.parse("tcp:127.0.0.1:1234,myproc")).isEqualTo(PROC);
  }

  @Test
  void actorIdRoundTrips() {
    ActorId id = new ActorId(PROC, "counter", 0);
    assertThat(id.toString()).isEqualTo("tcp:127.0.0.1:1234,myproc,counter[0]");
    assertThat(ActorId.parse(id.toString())).isEqualTo(id);
    ActorId local = new ActorId(new ProcId(ChannelAddr.parse("local:7"), "local_0"), "a", 42);
    assertThat(ActorId.parse(local.toString())).isEqualTo(local);
    assertThat(id.childId(3)).isEqualTo(new ActorId(PROC, "counter", 3));
  }

  @Test
  void portIdRoundTrips() {
    PortId port = new ActorId(PROC, "counter", 2).portId(1025);
    assertThat(port.toString()).isEqualTo("tcp:127.0.0.1:1234,myproc,counter[2][1025]");
    assertThat(PortId.parse(port.toString())).isEqualTo(port);
  }

  @Test
  void uniqueProcIdAppendsHash() {
    ProcId id = ProcId.unique(ChannelAddr.parse("local:3"), "local_0");
    assertThat(id.name()).matches("local_0-[0-9a-f]{8}");
    assertThat(ProcId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void malformedIdsAreRejectedWithTheInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ActorId.parse("local:1,p,a"));
    assertThat(e).hasMessageThat().contains("invalid actor id 'local:1,p,a'");
    assertThat(e).hasMessageThat().contains("'[<number>]'");

    e = assertThrows(IllegalArgumentException.class, () -> ActorId.parse("local:1,p,a[x]"));
    assertThat(e).hasMessageThat().contains("'x' is not a non-negative number");

    e = assertThrows(IllegalArgumentException.class, () -> ActorId.parse("a[0]"));
    assertThat(e).hasMessageThat().contains("expected '<proc id>,<name>[<pid>]'");

    e = assertThrows(IllegalArgumentException.class, () -> ProcId.parse("nonsense"));
    assertThat(e).hasMessageThat().contains("invalid proc id 'nonsense'");

    e = assertThrows(IllegalArgumentException.class, () -> ProcId.parse("bogus:1,p"));
    assertThat(e).hasMessageThat().contains("invalid proc id 'bogus:1,p'");

    e = assertThrows(IllegalArgumentException.class, () -> PortId.parse("local:1,p,a[0]"));
    assertThat(e).hasMessageThat().contains("invalid port id 'local:1,p,a[0]'");

    e = assertThrows(IllegalArgumentException.class, () -> PortId.parse("local:1,p,a[0][-1]"));
    assertThat(e).hasMessageThat().contains("'-1' is not a non-negative number");
  }

  @Test
  void namesWithSeparatorsAreRejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ActorId(PROC, "a,b", 0));
    assertThat(e).hasMessageThat().contains("invalid actor name 'a,b'");
    e = assertThrows(IllegalArgumentException.class, () -> new ActorId(PROC, "", 0));
    assertThat(e).hasMessageThat().contains("actor name must not be empty");
    e = assertThrows(IllegalArgumentException.class, () -> new ActorId(PROC, "a", -1));
    assertThat(e).hasMessageThat().contains("actor pid must be >= 0, got -1");
  }
}
