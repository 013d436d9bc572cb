package io.hyperactor.transport.grpc;

import static com.google.common.truth.Truth.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.hyperactor.channel.ChannelCodec;
import io.hyperactor.channel.Tx;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.internal.Telemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A link that connects again after losing its call counts one reconnect; its first connect none. */
@ExtendWith(TestTransports.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LinkReconnectMetricTest {
  private static final String RECONNECTS = "hyperactor.link.reconnects";

  private static long reconnects(InMemoryMetricReader reader) {
    Collection<MetricData> metrics = reader.collectAllMetrics();
    return metrics.stream()
        .filter(m -> m.getName().equals(RECONNECTS))
        .flatMap(m -> m.getData().getPoints().stream())
        .filter(p -> p.getAttributes().equals(Attributes.of(Telemetry.LINK_PEER, "server")))
        .mapToLong(p -> ((LongPointData) p).getValue())
        .sum();
  }

  @Test
  void aReconnectIsCounted() throws Exception {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
        FakeLinkServer server = new FakeLinkServer()) {
      Telemetry telemetry =
          Telemetry.of(OpenTelemetrySdk.builder().setMeterProvider(meters).build(), false);
      Tx<String> tx =
          new GrpcChannelProvider(HyperactorConfig.defaultsOnly(), telemetry)
              .dial(server.addr(), ChannelCodec.utf8(), e -> {});
      var acked = tx.send("m0");
      FakeLinkServer.Call first = server.nextCall();
      assertThat(first.messages(1)).containsExactly("0=m0");
      first.respond(RawLink.ack(1));
      acked.get(30, SECONDS);
      assertThat(reconnects(reader)).isEqualTo(0);

      first.fail();
      var second = tx.send("m1");
      FakeLinkServer.Call next = server.nextCall();
      assertThat(next.messages(1)).containsExactly("1=m1");
      next.respond(RawLink.ack(2));
      second.get(30, SECONDS);
      // The link may write on a call before gRPC reports it ready, but gRPC runs a call's
      // callbacks in order: the call was reported ready before the acknowledgement came in.
      assertThat(reconnects(reader)).isEqualTo(1);
      tx.close();
      tx.whenClosed().get(30, SECONDS);
    }
  }
}
