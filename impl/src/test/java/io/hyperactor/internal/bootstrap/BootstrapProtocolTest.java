package io.hyperactor.internal.bootstrap;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.id.ProcId;
import org.junit.jupiter.api.Test;

class BootstrapProtocolTest {
  @Test
  void ready_round_trips() {
    ProcId proc = new ProcId(ChannelAddr.parse("unix:@host"), "worker");
    BootstrapProtocol.Ready ready =
        new BootstrapProtocol.Ready(ChannelAddr.parse("unix:@child"), proc.actorId("proc_agent"));
    String line = BootstrapProtocol.encodeReady(ready);
    assertThat(line).isEqualTo("ready unix:@child unix:@host,worker,proc_agent[0]");
    assertThat(BootstrapProtocol.parseReady(line)).isEqualTo(ready);
  }

  @Test
  void malformed_callbacks_are_rejected_with_the_line() {
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> BootstrapProtocol.parseReady("hello"));
    assertThat(missing)
        .hasMessageThat()
        .isEqualTo("invalid bootstrap callback 'hello': expected 'ready <addr> <agent>'");
    IllegalArgumentException badAddr =
        assertThrows(
            IllegalArgumentException.class,
            () -> BootstrapProtocol.parseReady("ready nowhere:1 unix:@h,w,a[0]"));
    assertThat(badAddr).hasMessageThat().startsWith("invalid bootstrap callback 'ready nowhere:1");
  }

  @Test
  void stop_lines_carry_one_line_reasons() {
    assertThat(BootstrapProtocol.encodeStop("a\nb")).isEqualTo("stop a b");
    assertThat(BootstrapProtocol.parseStop("stop a b")).isEqualTo("a b");
    assertThat(BootstrapProtocol.parseStop("halt")).isNull();
  }
}
