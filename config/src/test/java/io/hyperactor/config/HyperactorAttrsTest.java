package io.hyperactor.config;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.hyperactor.channel.ChannelTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HyperactorAttrsTest {

  /**
   * Every documented upstream key: config name, environment variable and default in normalized
   * text form, copied from the upstream tables (hyperactor config.rs, hyperactor_mesh config.rs,
   * bootstrap, host_mesh, proc_mesh, actor_mesh, mesh_controller, proc_agent, logging, comm,
   * transport, wirevalue).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "codec_max_frame_length | HYPERACTOR_CODEC_MAX_FRAME_LENGTH | 10737418240",
        "message_delivery_timeout | HYPERACTOR_MESSAGE_DELIVERY_TIMEOUT | 30s",
        "terminated_snapshot_retention | HYPERACTOR_TERMINATED_SNAPSHOT_RETENTION | 100",
        "process_exit_timeout | HYPERACTOR_PROCESS_EXIT_TIMEOUT | 10s",
        "message_ack_time_interval | HYPERACTOR_MESSAGE_ACK_TIME_INTERVAL | 500ms",
        "message_ack_every_n_messages | HYPERACTOR_MESSAGE_ACK_EVERY_N_MESSAGES | 1000",
        "message_ttl_default | HYPERACTOR_MESSAGE_TTL_DEFAULT | 64",
        "split_max_buffer_size | HYPERACTOR_SPLIT_MAX_BUFFER_SIZE | 5",
        "split_max_buffer_age | HYPERACTOR_SPLIT_MAX_BUFFER_AGE | 50ms",
        "stop_actor_timeout | HYPERACTOR_STOP_ACTOR_TIMEOUT | 10s",
        "cleanup_timeout | HYPERACTOR_CLEANUP_TIMEOUT | 3s",
        "channel_net_rx_buffer_full_check_interval"
            + " | HYPERACTOR_CHANNEL_NET_RX_BUFFER_FULL_CHECK_INTERVAL | 5s",
        "message_latency_sampling_rate | HYPERACTOR_MESSAGE_LATENCY_SAMPLING_RATE | 0.01",
        "enable_dest_actor_reordering_buffer | HYPERACTOR_ENABLE_DEST_ACTOR_REORDERING_BUFFER"
            + " | true",
        "host_spawn_ready_timeout | HYPERACTOR_HOST_SPAWN_READY_TIMEOUT | 30s",
        "server_heartbeat_interval | HYPERACTOR_SERVER_HEARTBEAT_INTERVAL | 1s",
        "forwarder_flush_timeout | HYPERACTOR_FORWARDER_FLUSH_TIMEOUT | 5s",
        "tls_cert | HYPERACTOR_TLS_CERT | /etc/hyperactor/tls/tls.crt",
        "tls_key | HYPERACTOR_TLS_KEY | /etc/hyperactor/tls/tls.key",
        "tls_ca | HYPERACTOR_TLS_CA | /etc/hyperactor/tls/ca.crt",
        "default_encoding | HYPERACTOR_DEFAULT_ENCODING | serde_multipart",
        "max_cast_dimension_size | HYPERACTOR_MESH_MAX_CAST_DIMENSION_SIZE | 16",
        "proc_launcher_kind | HYPERACTOR_MESH_PROC_LAUNCHER_KIND | ''",
        "mesh_admin_addr | HYPERACTOR_MESH_ADMIN_ADDR | [::]:1729",
        "mesh_admin_resolve_actor_timeout | HYPERACTOR_MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT | 200ms",
        "mesh_admin_max_concurrent_resolves | HYPERACTOR_MESH_ADMIN_MAX_CONCURRENT_RESOLVES | 2",
        "mesh_attach_config_timeout | HYPERACTOR_MESH_ATTACH_CONFIG_TIMEOUT | 10s",
        "mesh_admin_single_host_timeout | HYPERACTOR_MESH_ADMIN_SINGLE_HOST_TIMEOUT | 3s",
        "mesh_admin_query_child_timeout | HYPERACTOR_MESH_ADMIN_QUERY_CHILD_TIMEOUT | 100ms",
        "mesh_admin_config_dump_bridge_timeout"
            + " | HYPERACTOR_MESH_ADMIN_CONFIG_DUMP_BRIDGE_TIMEOUT | 5s",
        "mesh_admin_pyspy_timeout | HYPERACTOR_MESH_ADMIN_PYSPY_TIMEOUT | 10s",
        "mesh_admin_tree_timeout | HYPERACTOR_MESH_ADMIN_TREE_TIMEOUT | 10s",
        "mesh_admin_pyspy_bridge_timeout | HYPERACTOR_MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT | 13s",
        "mesh_admin_pyspy_client_timeout | HYPERACTOR_MESH_ADMIN_PYSPY_CLIENT_TIMEOUT | 20s",
        "mesh_admin_pyspy_max_profile_duration"
            + " | HYPERACTOR_MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION | 5m",
        "pyspy_bin | PYSPY_BIN | ''",
        "v1_cast_point_to_point_threshold | HYPERACTOR_MESH_V1_CAST_POINT_TO_POINT_THRESHOLD | 0",
        "enable_log_forwarding | HYPERACTOR_MESH_ENABLE_LOG_FORWARDING | false",
        "enable_file_capture | HYPERACTOR_MESH_ENABLE_FILE_CAPTURE | false",
        "tail_log_lines | HYPERACTOR_MESH_TAIL_LOG_LINES | 100",
        "mesh_bootstrap_enable_pdeathsig | HYPERACTOR_MESH_BOOTSTRAP_ENABLE_PDEATHSIG | true",
        "mesh_terminate_concurrency | HYPERACTOR_MESH_TERMINATE_CONCURRENCY | 16",
        "mesh_terminate_timeout | HYPERACTOR_MESH_TERMINATE_TIMEOUT | 10s",
        "mesh_proc_spawn_max_idle | HYPERACTOR_MESH_PROC_SPAWN_MAX_IDLE | 30s",
        "proc_stop_max_idle | HYPERACTOR_MESH_PROC_STOP_MAX_IDLE | 30s",
        "get_proc_state_max_idle | HYPERACTOR_MESH_GET_PROC_STATE_MAX_IDLE | 1m",
        "actor_spawn_max_idle | HYPERACTOR_MESH_ACTOR_SPAWN_MAX_IDLE | 30s",
        "get_actor_state_max_idle | HYPERACTOR_MESH_GET_ACTOR_STATE_MAX_IDLE | 30s",
        "supervision_watchdog_timeout | HYPERACTOR_MESH_SUPERVISION_WATCHDOG_TIMEOUT | 2m",
        "supervision_poll_frequency | HYPERACTOR_MESH_SUPERVISION_POLL_FREQUENCY | 10s",
        "mesh_orphan_timeout | HYPERACTOR_MESH_ORPHAN_TIMEOUT | 1m",
        "process_memory_metric_interval | HYPERACTOR_PROCESS_MEMORY_METRIC_INTERVAL | 5m",
        "read_log_buffer | HYPERACTOR_READ_LOG_BUFFER | 100",
        "force_file_log | HYPERACTOR_FORCE_FILE_LOG | false",
        "prefix_with_rank | HYPERACTOR_PREFIX_WITH_RANK | true",
        "enable_native_v1_casting | HYPERACTOR_MESH_ENABLE_NATIVE_V1_CASTING | true",
        "default_transport | HYPERACTOR_MESH_DEFAULT_TRANSPORT | unix",
        "remote_alloc_bind_to_inaddr_any | HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY | false",
        "remote_alloc_allowed_port_range | HYPERACTOR_REMOTE_ALLOC_ALLOWED_PORT_RANGE | ''",
        "advertise_hostname | HYPERACTOR_ADVERTISE_HOSTNAME | ''",
        "host_addr | HYPERACTOR_HOST_ADDR | ''",
        "proc_manager | HYPERACTOR_PROC_MANAGER | process",
        "actor_dispatcher | HYPERACTOR_ACTOR_DISPATCHER | pool",
        "dispatcher_parallelism | HYPERACTOR_DISPATCHER_PARALLELISM | 0",
      })
  void upstreamKeyIsPresentWithUpstreamEnvVarAndDefault(
      String name, String envVar, String defaultText) {
    Optional<Attr<?>> attr = HyperactorAttrs.byName(name);
    assertWithMessage("registry key %s", name).that(attr).isPresent();
    assertThat(attr.get().envVar()).isEqualTo(envVar);
    assertThat(attr.get().hoconPath()).isEqualTo("hyperactor." + name);
    assertThat(attr.get().formatUnchecked(attr.get().defaultValue())).isEqualTo(defaultText);
    assertThat(HyperactorAttrs.byEnvVar(envVar)).hasValue(attr.get());
  }

  @Test
  void registryHoldsExactlyTheListedKeys() {
    assertThat(HyperactorAttrs.all()).hasSize(68);
    assertThat(HyperactorAttrs.all().stream().map(Attr::name).distinct().count()).isEqualTo(68);
  }

  @Test
  void typedConstantsCarryTypedDefaults() {
    Duration cleanup = HyperactorAttrs.CLEANUP_TIMEOUT.defaultValue();
    long retention = HyperactorAttrs.TERMINATED_SNAPSHOT_RETENTION.defaultValue();
    boolean reorder = HyperactorAttrs.ENABLE_DEST_ACTOR_REORDERING_BUFFER.defaultValue();
    Optional<Duration> orphan = HyperactorAttrs.MESH_ORPHAN_TIMEOUT.defaultValue();
    ChannelTransport transport = HyperactorAttrs.DEFAULT_TRANSPORT.defaultValue();
    ProcManagerKind manager = HyperactorAttrs.PROC_MANAGER.defaultValue();

    assertThat(cleanup).isEqualTo(Duration.ofSeconds(3));
    assertThat(retention).isEqualTo(100L);
    assertThat(reorder).isTrue();
    assertThat(orphan).hasValue(Duration.ofSeconds(60));
    assertThat(transport).isEqualTo(ChannelTransport.UNIX);
    assertThat(manager).isEqualTo(ProcManagerKind.PROCESS);
  }

  @Test
  void tlsAllowedSubjectsParsesDistinguishedNames() {
    AttrType<List<String>> type = HyperactorAttrs.TLS_ALLOWED_SUBJECTS.type();
    assertThat(type.parse("CN=host,O=Acme; CN=client ;"))
        .containsExactly("CN=host,O=Acme", "CN=client")
        .inOrder();
    assertThat(type.parse("")).isEmpty();
    assertThat(type.parse(type.format(ImmutableList.of("CN=a,O=b", "CN=c"))))
        .containsExactly("CN=a,O=b", "CN=c")
        .inOrder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> type.parse("CN=ok; not a name"));
    assertThat(e).hasMessageThat().contains("'not a name' is not a distinguished name");
    assertThat(HyperactorAttrs.TLS_ALLOWED_SUBJECTS.defaultValue()).isEmpty();
  }

  @Test
  void onlyTheTlsKeysTheHostAddressAndTheAdminSwitchesAreProcessLocal() {
    ImmutableSet<String> local =
        HyperactorAttrs.all().stream()
            .filter(a -> !a.propagates())
            .map(Attr::name)
            .collect(ImmutableSet.toImmutableSet());
    assertThat(local)
        .containsExactly(
            "tls_cert",
            "tls_key",
            "tls_ca",
            "tls_allowed_subjects",
            "mesh_admin_enabled",
            "mesh_admin_token",
            "host_addr");
  }

  @Test
  void quirkDefaultsSayTheyFollowUpstreamCode() {
    assertThat(HyperactorAttrs.MESH_TAIL_LOG_LINES.doc()).contains("⚠");
    assertThat(HyperactorAttrs.MESH_ENABLE_LOG_FORWARDING.doc()).contains("⚠");
    assertThat(HyperactorAttrs.PROC_MANAGER.doc()).startsWith("Java-only");
    assertThat(HyperactorAttrs.ADVERTISE_HOSTNAME.doc()).startsWith("Java-only");
    assertThat(HyperactorAttrs.HOST_ADDR.doc()).startsWith("Java-only");
  }

  @Test
  void attrsAreEqualByName() {
    assertThat(HyperactorAttrs.byName("cleanup_timeout")).hasValue(HyperactorAttrs.CLEANUP_TIMEOUT);
    assertThat(HyperactorAttrs.byName("no_such_key")).isEmpty();
    assertThat(HyperactorAttrs.CLEANUP_TIMEOUT.toString()).isEqualTo("hyperactor.cleanup_timeout");
  }

  @Test
  void everyDefaultRoundTripsThroughItsTextForm() {
    for (Attr<?> attr : HyperactorAttrs.all()) {
      String text = attr.formatUnchecked(attr.defaultValue());
      assertWithMessage("%s", attr).that(attr.type().parse(text)).isEqualTo(attr.defaultValue());
    }
  }
}
