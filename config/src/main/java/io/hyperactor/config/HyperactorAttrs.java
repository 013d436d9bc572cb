package io.hyperactor.config;

import static io.hyperactor.config.AttrTypes.bool;
import static io.hyperactor.config.AttrTypes.duration;
import static io.hyperactor.config.AttrTypes.enumType;
import static io.hyperactor.config.AttrTypes.fraction;
import static io.hyperactor.config.AttrTypes.integer;
import static io.hyperactor.config.AttrTypes.optionalChannelAddress;
import static io.hyperactor.config.AttrTypes.optionalDuration;
import static io.hyperactor.config.AttrTypes.optionalHostname;
import static io.hyperactor.config.AttrTypes.optionalPortRange;
import static io.hyperactor.config.AttrTypes.pem;
import static io.hyperactor.config.AttrTypes.socketAddress;
import static io.hyperactor.config.AttrTypes.string;
import static io.hyperactor.config.AttrTypes.subjectList;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelTransport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registry of every configuration key, one constant per key, mirroring the documented keys of
 * upstream hyperactor and hyperactor_mesh plus the few Java-only keys.
 *
 * <p>Names, environment variables and defaults are the upstream ones; where upstream's code and
 * documentation disagree on a default, the code's value is used and the key's doc says so (marked
 * ⚠). Read a key with {@code HyperactorConfig.global().get(HyperactorAttrs.CLEANUP_TIMEOUT)}.
 *
 * <p>A key declared with {@code R.reserved} (or {@code R.reservedLocal}) is not read by the runtime
 * yet ({@link Attr#reserved()}): it is kept so names, variables and defaults match upstream, and
 * the generated reference marks it. When code starts reading such a key, change {@code reserved}
 * to {@code add} (or {@code reservedLocal} to {@code addLocal}) and regenerate; a test scans the
 * runtime's sources and fails while the two disagree.
 *
 * <p>{@code reference.conf} and {@code docs/configuration.md} are generated from this class by
 * {@link ConfigReferenceGenerator}, and tests fail when they drift from it.
 */
public final class HyperactorAttrs {

  private static final long USIZE_MAX = Long.MAX_VALUE;
  private static final AttrRegistryBuilder R = new AttrRegistryBuilder();

  private HyperactorAttrs() {}

  private static Duration d(String text) {
    return HumanDuration.parse(text);
  }

  // ---- hyperactor: channels and mailboxes ----

  /** Maximum size of a network frame body in bytes; enforced by writer and reader. */
  public static final Attr<Long> CODEC_MAX_FRAME_LENGTH =
      R.add(
          "codec_max_frame_length",
          "HYPERACTOR_CODEC_MAX_FRAME_LENGTH",
          integer(1, USIZE_MAX),
          10L * 1024 * 1024 * 1024,
          "Maximum network frame body size in bytes (10 GiB); both writer and reader enforce it,"
              + " read at each connect.");

  /** Age after which a sender gives up on an unacknowledged message. */
  public static final Attr<Duration> MESSAGE_DELIVERY_TIMEOUT =
      R.add(
          "message_delivery_timeout",
          "HYPERACTOR_MESSAGE_DELIVERY_TIMEOUT",
          duration(),
          d("30s"),
          "A queued or unacknowledged message older than this is returned to its sender as"
              + " undeliverable; the link carries on with younger ones.");

  /** Number of terminated-actor snapshots kept per proc. */
  public static final Attr<Long> TERMINATED_SNAPSHOT_RETENTION =
      R.add(
          "terminated_snapshot_retention",
          "HYPERACTOR_TERMINATED_SNAPSHOT_RETENTION",
          integer(0, USIZE_MAX),
          100L,
          "Number of terminated-actor snapshots kept per proc for introspection.");

  /** Grace period for a proc to stop before it is killed. */
  public static final Attr<Duration> PROCESS_EXIT_TIMEOUT =
      R.add(
          "process_exit_timeout",
          "HYPERACTOR_PROCESS_EXIT_TIMEOUT",
          duration(),
          d("10s"),
          "Grace period for a proc to stop (host agent Stop, orphan stop requests) before it is"
              + " killed.");

  /** Maximum time a receiver holds back a pending acknowledgement. */
  public static final Attr<Duration> MESSAGE_ACK_TIME_INTERVAL =
      R.add(
          "message_ack_time_interval",
          "HYPERACTOR_MESSAGE_ACK_TIME_INTERVAL",
          duration(),
          d("500ms"),
          "Maximum time a receiver waits before sending a pending acknowledgement.");

  /** A receiver acknowledges after this many delivered messages. */
  public static final Attr<Long> MESSAGE_ACK_EVERY_N_MESSAGES =
      R.add(
          "message_ack_every_n_messages",
          "HYPERACTOR_MESSAGE_ACK_EVERY_N_MESSAGES",
          integer(1, Long.MAX_VALUE),
          1000L,
          "A receiver sends an acknowledgement after this many delivered messages.");

  /** Initial hop count of a message envelope. */
  public static final Attr<Long> MESSAGE_TTL_DEFAULT =
      R.add(
          "message_ttl_default",
          "HYPERACTOR_MESSAGE_TTL_DEFAULT",
          integer(0, 255),
          64L,
          "Initial envelope time-to-live in forwarding hops (an unsigned byte upstream).");

  /** A split (reducing) port reduces after this many buffered updates. */
  public static final Attr<Long> SPLIT_MAX_BUFFER_SIZE =
      R.add(
          "split_max_buffer_size",
          "HYPERACTOR_SPLIT_MAX_BUFFER_SIZE",
          integer(0, USIZE_MAX),
          5L,
          "A split or reducing port reduces after this many buffered updates.");

  /** A split (reducing) port flushes buffered updates older than this. */
  public static final Attr<Duration> SPLIT_MAX_BUFFER_AGE =
      R.add(
          "split_max_buffer_age",
          "HYPERACTOR_SPLIT_MAX_BUFFER_AGE",
          duration(),
          d("50ms"),
          "A split or reducing port flushes buffered updates after this age.");

  /** Timeout to stop the actors of a proc mesh. */
  public static final Attr<Duration> STOP_ACTOR_TIMEOUT =
      R.reserved(
          "stop_actor_timeout",
          "HYPERACTOR_STOP_ACTOR_TIMEOUT",
          duration(),
          d("10s"),
          "Timeout to stop the actors of a proc mesh; keep it above cleanup_timeout.");

  /** Upper bound on an actor's cleanup callback. */
  public static final Attr<Duration> CLEANUP_TIMEOUT =
      R.add(
          "cleanup_timeout",
          "HYPERACTOR_CLEANUP_TIMEOUT",
          duration(),
          d("3s"),
          "Upper bound on an actor's cleanup callback; a timeout is a cleanup error. Keep it below"
              + " stop_actor_timeout.");

  /** Interval of the "receive buffer full" check on a channel server. */
  public static final Attr<Duration> CHANNEL_NET_RX_BUFFER_FULL_CHECK_INTERVAL =
      R.reserved(
          "channel_net_rx_buffer_full_check_interval",
          "HYPERACTOR_CHANNEL_NET_RX_BUFFER_FULL_CHECK_INTERVAL",
          duration(),
          d("5s"),
          "Interval of the receive-buffer-full metric on a channel server (unused upstream, which"
              + " blocks without a check).");

  /** Fraction of deliveries that record their latency. */
  public static final Attr<Double> MESSAGE_LATENCY_SAMPLING_RATE =
      R.reserved(
          "message_latency_sampling_rate",
          "HYPERACTOR_MESSAGE_LATENCY_SAMPLING_RATE",
          fraction(0.0, 1.0),
          0.01,
          "Fraction of deliveries (0.0 to 1.0) that record their send-to-delivery latency.");

  /** Whether each actor's work queue reorders messages per sending session. */
  public static final Attr<Boolean> ENABLE_DEST_ACTOR_REORDERING_BUFFER =
      R.add(
          "enable_dest_actor_reordering_buffer",
          "HYPERACTOR_ENABLE_DEST_ACTOR_REORDERING_BUFFER",
          bool(),
          true,
          "Per-sender reordering buffer on each actor's work queue, required by native v1"
              + " casting. ⚠ true as in the specified upstream revision; older revisions default"
              + " to false.");

  /** How long a host waits for a spawned proc to become ready; zero waits forever. */
  public static final Attr<Duration> HOST_SPAWN_READY_TIMEOUT =
      R.add(
          "host_spawn_ready_timeout",
          "HYPERACTOR_HOST_SPAWN_READY_TIMEOUT",
          duration(),
          d("30s"),
          "How long a host waits for a spawned proc to become ready; 0s waits forever.");

  /** Idle child JVMs a process host keeps started for its next spawns; Java-only. */
  public static final Attr<Long> PROCESS_POOL_SIZE =
      R.add(
          "process_pool_size",
          "HYPERACTOR_PROCESS_POOL_SIZE",
          integer(0, 1024),
          0L,
          "Java-only (upstream has no such pool): how many pre-started, idle child JVMs each"
              + " process proc manager keeps; a spawn takes one and sends it its proc id, addresses"
              + " and the configuration of that moment, instead of starting a JVM (docs/hosts.md,"
              + " Warm pool). 0 keeps none: every child starts cold.");

  /** Interval of a channel server's heartbeat metric. */
  public static final Attr<Duration> SERVER_HEARTBEAT_INTERVAL =
      R.reserved(
          "server_heartbeat_interval",
          "HYPERACTOR_SERVER_HEARTBEAT_INTERVAL",
          duration(),
          d("1s"),
          "Interval of a channel server's heartbeat metric.");

  /** Upper bound on the best-effort forwarder flush during proc teardown. */
  public static final Attr<Duration> FORWARDER_FLUSH_TIMEOUT =
      R.add(
          "forwarder_flush_timeout",
          "HYPERACTOR_FORWARDER_FLUSH_TIMEOUT",
          duration(),
          d("5s"),
          "Upper bound on the best-effort forwarder flush during proc teardown.");

  /** TLS certificate; process-local. */
  public static final Attr<String> TLS_CERT =
      R.addLocal(
          "tls_cert",
          "HYPERACTOR_TLS_CERT",
          pem(),
          "/etc/hyperactor/tls/tls.crt",
          "TLS certificate (chain) this process presents on tls: links, as a server and as a"
              + " client: inline PEM or a file path; a file is re-read when it changes. Process-local,"
              + " never propagated; a host passes it to the procs it forks (upstream Python name"
              + " hyperactor_tls_cert).");

  /** TLS private key; process-local. */
  public static final Attr<String> TLS_KEY =
      R.addLocal(
          "tls_key",
          "HYPERACTOR_TLS_KEY",
          pem(),
          "/etc/hyperactor/tls/tls.key",
          "TLS private key of tls_cert (PKCS#8, unencrypted): inline PEM or a file path; a file is"
              + " re-read when it changes. Process-local, never propagated; a host passes it to the"
              + " procs it forks (upstream Python name hyperactor_tls_key).");

  /** TLS certificate authority; process-local. */
  public static final Attr<String> TLS_CA =
      R.addLocal(
          "tls_ca",
          "HYPERACTOR_TLS_CA",
          pem(),
          "/etc/hyperactor/tls/ca.crt",
          "TLS certificate authority: peers of tls: links must present a certificate it signed:"
              + " inline PEM or a file path; a file is re-read when it changes. Process-local, never"
              + " propagated; a host passes it to the procs it forks (upstream Python name"
              + " hyperactor_tls_ca).");

  /** Certificate subjects allowed to use the privileged agent operations; Java-only. */
  public static final Attr<List<String>> TLS_ALLOWED_SUBJECTS =
      R.addLocal(
          "tls_allowed_subjects",
          "HYPERACTOR_TLS_ALLOWED_SUBJECTS",
          subjectList(),
          ImmutableList.of(),
          "Java-only: with default_transport = tls, the certificate subjects (full distinguished"
              + " names, e.g. CN=client,O=Acme: a HOCON list of strings, or one string separated by"
              + " ';'; compared in canonical form) whose"
              + " peers may use the privileged proc and host agent operations: spawn, stop, drain,"
              + " shutdown, config push, thread dump, profile, config dump. Others are refused."
              + " Empty: only senders in the same process. Process-local; a host passes it to the"
              + " procs it forks.");

  /** Default encoding of serialized message payloads. */
  public static final Attr<String> DEFAULT_ENCODING =
      R.reserved(
          "default_encoding",
          "HYPERACTOR_DEFAULT_ENCODING",
          string(),
          "serde_multipart",
          "Default payload encoding name of upstream wirevalue; kept for parity with Rust peers.");

  // ---- hyperactor_mesh: config.rs ----

  /** Largest folded dimension when a cast reshapes its region. */
  public static final Attr<Long> MAX_CAST_DIMENSION_SIZE =
      R.reserved(
          "max_cast_dimension_size",
          "HYPERACTOR_MESH_MAX_CAST_DIMENSION_SIZE",
          integer(1, USIZE_MAX),
          16L,
          "Largest folded dimension size when a v0 cast reshapes its region; the maximum value"
              + " disables reshaping.");

  /** Proc launcher backend. */
  public static final Attr<String> MESH_PROC_LAUNCHER_KIND =
      R.reserved(
          "proc_launcher_kind",
          "HYPERACTOR_MESH_PROC_LAUNCHER_KIND",
          string(),
          "",
          "Proc launcher backend: empty or native for direct child processes, systemd for units.");

  /** Whether the runtime starts the mesh admin HTTP server; Java-only, process-local. */
  public static final Attr<Boolean> MESH_ADMIN_ENABLED =
      R.addLocal(
          "mesh_admin_enabled",
          "HYPERACTOR_MESH_ADMIN_ENABLED",
          bool(),
          false,
          "Java-only: start the mesh admin HTTP server (docs/operations.md, Admin HTTP API) with"
              + " the runtime, bound to mesh_admin_addr; installing MeshAdminModule starts it too."
              + " Process-local, never propagated: child procs do not serve it.");

  /** Bearer token of the mesh admin HTTP API; empty means read-only without a token. */
  public static final Attr<String> MESH_ADMIN_TOKEN =
      R.addLocal(
          "mesh_admin_token",
          "HYPERACTOR_MESH_ADMIN_TOKEN",
          string(),
          "",
          "Java-only: bearer token of the mesh admin HTTP API. Empty: every GET is served and"
              + " profiling is refused (HTTP 403). Set: every /v1 request needs 'Authorization:"
              + " Bearer <token>' or the query parameter token=<token> (HTTP 401 otherwise)."
              + " Process-local, never propagated.");

  /** Bind address of the mesh admin HTTP server. */
  public static final Attr<String> MESH_ADMIN_ADDR =
      R.add(
          "mesh_admin_addr",
          "HYPERACTOR_MESH_ADMIN_ADDR",
          socketAddress(),
          "[::]:1729",
          "Bind address of the mesh admin HTTP server; must be an IP socket address.");

  /** Fallback query timeout for possibly dead actors and procs. */
  public static final Attr<Duration> MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT =
      R.add(
          "mesh_admin_resolve_actor_timeout",
          "HYPERACTOR_MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT",
          duration(),
          d("200ms"),
          "Admin timeout of the fallback query to actors and procs that may be dead.");

  /** Concurrent admin resolves; excess requests get HTTP 503. */
  public static final Attr<Long> MESH_ADMIN_MAX_CONCURRENT_RESOLVES =
      R.add(
          "mesh_admin_max_concurrent_resolves",
          "HYPERACTOR_MESH_ADMIN_MAX_CONCURRENT_RESOLVES",
          integer(0, USIZE_MAX),
          2L,
          "Concurrent admin resolves (tree, node and thread dump requests); requests beyond it are"
              + " answered with HTTP 503; 0 means no limit.");

  /** Per-host reply wait when pushing configuration to hosts. */
  public static final Attr<Duration> MESH_ATTACH_CONFIG_TIMEOUT =
      R.add(
          "mesh_attach_config_timeout",
          "HYPERACTOR_MESH_ATTACH_CONFIG_TIMEOUT",
          duration(),
          d("10s"),
          "Per-host reply wait when pushing client configuration to hosts (attach); a host that"
              + " does not confirm in time fails the attach, naming the host.");

  /** Timeout of targeted single-host introspection. */
  public static final Attr<Duration> MESH_ADMIN_SINGLE_HOST_TIMEOUT =
      R.add(
          "mesh_admin_single_host_timeout",
          "HYPERACTOR_MESH_ADMIN_SINGLE_HOST_TIMEOUT",
          duration(),
          d("3s"),
          "Admin timeout of targeted single-host introspection.");

  /** Timeout of a child snapshot lookup. */
  public static final Attr<Duration> MESH_ADMIN_QUERY_CHILD_TIMEOUT =
      R.add(
          "mesh_admin_query_child_timeout",
          "HYPERACTOR_MESH_ADMIN_QUERY_CHILD_TIMEOUT",
          duration(),
          d("100ms"),
          "Admin timeout of a child snapshot lookup (QueryChild).");

  /** Bridge reply timeout of a per-proc config dump. */
  public static final Attr<Duration> MESH_ADMIN_CONFIG_DUMP_BRIDGE_TIMEOUT =
      R.add(
          "mesh_admin_config_dump_bridge_timeout",
          "HYPERACTOR_MESH_ADMIN_CONFIG_DUMP_BRIDGE_TIMEOUT",
          duration(),
          d("5s"),
          "Admin bridge reply timeout of a per-proc config dump.");

  /** Timeout of a stack dump. */
  public static final Attr<Duration> MESH_ADMIN_PYSPY_TIMEOUT =
      R.add(
          "mesh_admin_pyspy_timeout",
          "HYPERACTOR_MESH_ADMIN_PYSPY_TIMEOUT",
          duration(),
          d("10s"),
          "Timeout of a py-spy stack dump.");

  /** Timeout of the admin tree fan-out. */
  public static final Attr<Duration> MESH_ADMIN_TREE_TIMEOUT =
      R.add(
          "mesh_admin_tree_timeout",
          "HYPERACTOR_MESH_ADMIN_TREE_TIMEOUT",
          duration(),
          d("10s"),
          "Admin timeout of the /v1/tree fan-out.");

  /** Bridge side timeout of a stack dump; above the dump timeout. */
  public static final Attr<Duration> MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT =
      R.reserved(
          "mesh_admin_pyspy_bridge_timeout",
          "HYPERACTOR_MESH_ADMIN_PYSPY_BRIDGE_TIMEOUT",
          duration(),
          d("13s"),
          "Bridge-side timeout of a py-spy dump; keep it above mesh_admin_pyspy_timeout.");

  /** Client side timeout of a stack dump; above the bridge timeout. */
  public static final Attr<Duration> MESH_ADMIN_PYSPY_CLIENT_TIMEOUT =
      R.reserved(
          "mesh_admin_pyspy_client_timeout",
          "HYPERACTOR_MESH_ADMIN_PYSPY_CLIENT_TIMEOUT",
          duration(),
          d("20s"),
          "Client-side timeout of a py-spy dump; keep it above mesh_admin_pyspy_bridge_timeout.");

  /** Longest profile a client may request. */
  public static final Attr<Duration> MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION =
      R.add(
          "mesh_admin_pyspy_max_profile_duration",
          "HYPERACTOR_MESH_ADMIN_PYSPY_MAX_PROFILE_DURATION",
          duration(),
          d("300s"),
          "Longest py-spy profile a client may request; longer requests are rejected (HTTP 400).");

  /** Path of the py-spy binary. */
  public static final Attr<String> PYSPY_BIN =
      R.reserved(
          "pyspy_bin",
          "PYSPY_BIN",
          string(),
          "",
          "Path of the py-spy binary tried before py-spy on PATH; empty means PATH only (the"
              + " environment variable has no HYPERACTOR_ prefix upstream).");

  /** Below this rank count v1 casts go point to point; zero disables. */
  public static final Attr<Long> V1_CAST_POINT_TO_POINT_THRESHOLD =
      R.add(
          "v1_cast_point_to_point_threshold",
          "HYPERACTOR_MESH_V1_CAST_POINT_TO_POINT_THRESHOLD",
          integer(0, USIZE_MAX),
          0L,
          "Below this many ranks a v1 cast is sent point to point instead of through the comm"
              + " tree; 0 turns it off.");

  // ---- hyperactor_mesh: bootstrap ----

  /** Forward child stdio to the client over the log channel. */
  public static final Attr<Boolean> MESH_ENABLE_LOG_FORWARDING =
      R.reserved(
          "enable_log_forwarding",
          "HYPERACTOR_MESH_ENABLE_LOG_FORWARDING",
          bool(),
          false,
          "Forward child stdio lines to the client over the log channel. Child output always goes"
              + " through the host JVM's SLF4J (logger io.hyperactor.child) instead. ⚠ the"
              + " upstream code default (false) is used where upstream docs disagree.");

  /** Also write child stdio lines to the host's two aggregate files. */
  public static final Attr<Boolean> MESH_ENABLE_FILE_CAPTURE =
      R.reserved(
          "enable_file_capture",
          "HYPERACTOR_MESH_ENABLE_FILE_CAPTURE",
          bool(),
          false,
          "Also write piped child stdio lines to the host's two aggregate files (stdout, stderr).");

  /** Size of the per-child stdio tail ring. */
  public static final Attr<Long> MESH_TAIL_LOG_LINES =
      R.add(
          "tail_log_lines",
          "HYPERACTOR_MESH_TAIL_LOG_LINES",
          integer(0, USIZE_MAX),
          100L,
          "Lines kept in each child's stdout and stderr tails (the stderr tail of a failed proc,"
              + " and procLogs). ⚠ the upstream doc's value (100) is used: child output is always"
              + " piped here; the upstream code default is 0.");

  /** Child procs die with their parent. */
  public static final Attr<Boolean> MESH_BOOTSTRAP_ENABLE_PDEATHSIG =
      R.reserved(
          "mesh_bootstrap_enable_pdeathsig",
          "HYPERACTOR_MESH_BOOTSTRAP_ENABLE_PDEATHSIG",
          bool(),
          true,
          "A child proc exits when its parent process dies (parent-death signal upstream).");

  /** Parallel terminations during drain and shutdown. */
  public static final Attr<Long> MESH_TERMINATE_CONCURRENCY =
      R.add(
          "mesh_terminate_concurrency",
          "HYPERACTOR_MESH_TERMINATE_CONCURRENCY",
          integer(0, USIZE_MAX),
          16L,
          "Procs terminated in parallel during drain and shutdown (clamped to 1..256 when used).");

  /** Per-child grace period during drain and shutdown. */
  public static final Attr<Duration> MESH_TERMINATE_TIMEOUT =
      R.add(
          "mesh_terminate_timeout",
          "HYPERACTOR_MESH_TERMINATE_TIMEOUT",
          duration(),
          d("10s"),
          "Per-child grace period during drain and shutdown before the child is killed.");

  // ---- hyperactor_mesh: host, proc and actor meshes ----

  /** Idle limit between status updates while spawning procs. */
  public static final Attr<Duration> PROC_SPAWN_MAX_IDLE =
      R.add(
          "mesh_proc_spawn_max_idle",
          "HYPERACTOR_MESH_PROC_SPAWN_MAX_IDLE",
          duration(),
          d("30s"),
          "Longest silence between status updates while a host mesh spawns procs.");

  /** Idle limit while stopping procs. */
  public static final Attr<Duration> PROC_STOP_MAX_IDLE =
      R.add(
          "proc_stop_max_idle",
          "HYPERACTOR_MESH_PROC_STOP_MAX_IDLE",
          duration(),
          d("30s"),
          "Longest silence between status updates while a host mesh stops procs.");

  /** Per-reply wait when querying proc states. */
  public static final Attr<Duration> GET_PROC_STATE_MAX_IDLE =
      R.add(
          "get_proc_state_max_idle",
          "HYPERACTOR_MESH_GET_PROC_STATE_MAX_IDLE",
          duration(),
          d("60s"),
          "Per-reply wait when querying the states of a mesh's procs.");

  /** Idle limit while spawning and stopping actors. */
  public static final Attr<Duration> ACTOR_SPAWN_MAX_IDLE =
      R.add(
          "actor_spawn_max_idle",
          "HYPERACTOR_MESH_ACTOR_SPAWN_MAX_IDLE",
          duration(),
          d("30s"),
          "Longest silence between status updates while a proc mesh spawns or stops actors.");

  /** Per-reply wait when querying actor states. */
  public static final Attr<Duration> GET_ACTOR_STATE_MAX_IDLE =
      R.add(
          "get_actor_state_max_idle",
          "HYPERACTOR_MESH_GET_ACTOR_STATE_MAX_IDLE",
          duration(),
          d("30s"),
          "Per-reply wait when querying the states of a mesh's actors.");

  /** Silence on the supervision stream after which the controller is presumed dead. */
  public static final Attr<Duration> SUPERVISION_WATCHDOG_TIMEOUT =
      R.add(
          "supervision_watchdog_timeout",
          "HYPERACTOR_MESH_SUPERVISION_WATCHDOG_TIMEOUT",
          duration(),
          d("120s"),
          "Silence on a supervision stream after which its controller is presumed dead; keep it at"
              + " least supervision_poll_frequency + get_actor_state_max_idle +"
              + " get_proc_state_max_idle.");

  /** Controller polling and heartbeat interval. */
  public static final Attr<Duration> SUPERVISION_POLL_FREQUENCY =
      R.add(
          "supervision_poll_frequency",
          "HYPERACTOR_MESH_SUPERVISION_POLL_FREQUENCY",
          duration(),
          d("10s"),
          "Mesh controller poll, keepalive and heartbeat interval; keep it well below"
              + " mesh_orphan_timeout (no upstream Python name).");

  /** Keepalive expiry after which agents reap orphaned actors; none disables reaping. */
  public static final Attr<Optional<Duration>> MESH_ORPHAN_TIMEOUT =
      R.add(
          "mesh_orphan_timeout",
          "HYPERACTOR_MESH_ORPHAN_TIMEOUT",
          optionalDuration(),
          Optional.of(d("60s")),
          "Keepalive expiry after which proc and host agents stop orphaned actors and procs; none"
              + " (or an empty value) disables orphan reaping. Read when the agents start.");

  /** Interval of introspection republishing and memory gauges; zero turns it off. */
  public static final Attr<Duration> PROCESS_MEMORY_METRIC_INTERVAL =
      R.add(
          "process_memory_metric_interval",
          "HYPERACTOR_PROCESS_MEMORY_METRIC_INTERVAL",
          duration(),
          d("300s"),
          "Interval at which a proc agent republishes introspection and memory gauges; 0s turns"
              + " it off.");

  // ---- hyperactor_mesh: logging ----

  /** Lines batched before a flush to the client. */
  public static final Attr<Long> READ_LOG_BUFFER =
      R.reserved(
          "read_log_buffer",
          "HYPERACTOR_READ_LOG_BUFFER",
          integer(0, USIZE_MAX),
          100L,
          "Forwarded log lines batched before a flush to the client.");

  /** Allow file capture in a local environment. */
  public static final Attr<Boolean> FORCE_FILE_LOG =
      R.reserved(
          "force_file_log",
          "HYPERACTOR_FORCE_FILE_LOG",
          bool(),
          false,
          "Allow file capture of child output even in a local environment.");

  /** Prefix forwarded lines with the rank. */
  public static final Attr<Boolean> PREFIX_WITH_RANK =
      R.add(
          "prefix_with_rank",
          "HYPERACTOR_PREFIX_WITH_RANK",
          bool(),
          true,
          "Prefix each forwarded child output line with \"[rank] \".");

  // ---- hyperactor_mesh: casting and transport ----

  /** Cast to whole meshes through the native v1 path. */
  public static final Attr<Boolean> ENABLE_NATIVE_V1_CASTING =
      R.add(
          "enable_native_v1_casting",
          "HYPERACTOR_MESH_ENABLE_NATIVE_V1_CASTING",
          bool(),
          true,
          "Casts of * to a mesh take the native v1 path through the comm tree (needs"
              + " enable_dest_actor_reordering_buffer); false sends every cast point to point"
              + " (the fallback path), as the v0 comm path is not built.");

  /** Transport used by local and process host meshes. */
  public static final Attr<ChannelTransport> DEFAULT_TRANSPORT =
      R.add(
          "default_transport",
          "HYPERACTOR_MESH_DEFAULT_TRANSPORT",
          enumType(ChannelTransport.class),
          ChannelTransport.UNIX,
          "Channel transport that local and process host meshes bind their procs on.");

  /** Procs and hosts bind the wildcard address and advertise their advertised hostname. */
  public static final Attr<Boolean> REMOTE_ALLOC_BIND_TO_INADDR_ANY =
      R.add(
          "remote_alloc_bind_to_inaddr_any",
          "HYPERACTOR_REMOTE_ALLOC_BIND_TO_INADDR_ANY",
          bool(),
          false,
          "Procs and hosts serving TCP bind the wildcard address (0.0.0.0, or :: when the"
              + " advertised address is IPv6) and advertise advertise_hostname (or this machine's"
              + " hostname address) with the port actually bound. A loopback address asked for"
              + " explicitly (not as this machine's hostname address) stays on loopback. Read when"
              + " a channel is served.");

  /** TCP ports procs and hosts may bind. */
  public static final Attr<Optional<PortRange>> REMOTE_ALLOC_ALLOWED_PORT_RANGE =
      R.add(
          "remote_alloc_allowed_port_range",
          "HYPERACTOR_REMOTE_ALLOC_ALLOWED_PORT_RANGE",
          optionalPortRange(),
          Optional.empty(),
          "TCP ports a proc or host may bind when it asks for any port: lo..hi (hi excluded, as"
              + " upstream) or lo..=hi; the first free port of the range is taken, and an exhausted"
              + " range fails the serve with an error naming this key. Empty: any free port. A"
              + " fixed port asked for explicitly is bound as asked. Read when a channel is"
              + " served.");

  // ---- Java-only ----

  /** The hostname written into the TCP addresses procs and hosts advertise; Java-only. */
  public static final Attr<Optional<String>> ADVERTISE_HOSTNAME =
      R.add(
          "advertise_hostname",
          "HYPERACTOR_ADVERTISE_HOSTNAME",
          optionalHostname(),
          Optional.empty(),
          "Java-only (no upstream key): host name or IP address procs and hosts advertise in"
              + " their TCP addresses when they bind the wildcard or any address of this machine"
              + " (in Kubernetes: the pod's stable DNS name). The name is resolved when a channel"
              + " is served and the address it resolves to is advertised. Empty: this machine's"
              + " hostname address.");

  /** The channel address a standalone host serves at; Java-only, process-local. */
  public static final Attr<Optional<String>> HOST_ADDR =
      R.addLocal(
          "host_addr",
          "HYPERACTOR_HOST_ADDR",
          optionalChannelAddress(),
          Optional.empty(),
          "Java-only: channel address a standalone host (hyperactor host) serves at, such as"
              + " tcp:0.0.0.0:26600 or tcp:[::]:26600; a wildcard host advertises"
              + " advertise_hostname, and port 0 takes a port from"
              + " remote_alloc_allowed_port_range. Empty: any address of default_transport."
              + " Process-local, never propagated.");


  /** Which proc manager a host uses; Java-only. */
  public static final Attr<ProcManagerKind> PROC_MANAGER =
      R.add(
          "proc_manager",
          "HYPERACTOR_PROC_MANAGER",
          enumType(ProcManagerKind.class),
          ProcManagerKind.PROCESS,
          "Java-only: proc manager a host uses, local (in-JVM procs) or process (a child JVM per"
              + " proc).");

  /** Where actor activations run; Java-only. */
  public static final Attr<DispatcherKind> ACTOR_DISPATCHER =
      R.add(
          "actor_dispatcher",
          "HYPERACTOR_ACTOR_DISPATCHER",
          enumType(DispatcherKind.class),
          DispatcherKind.POOL,
          "Java-only: where actor activations run, pool (the actor system's fork/join pool of"
              + " platform threads; actors annotated @Blocking and system actors still get virtual"
              + " threads) or virtual (a virtual thread per activation for every actor).");

  /** Platform threads in the shared dispatcher pool; Java-only. */
  public static final Attr<Long> DISPATCHER_PARALLELISM =
      R.add(
          "dispatcher_parallelism",
          "HYPERACTOR_DISPATCHER_PARALLELISM",
          integer(0, 32_767),
          0L,
          "Java-only: platform threads in the actor system's dispatcher pool, read when the system"
              + " starts it; 0 means one per available processor (at least 2).");

  private static final ImmutableList<Attr<?>> ALL = R.build();
  private static final ImmutableMap<String, Attr<?>> BY_NAME =
      ALL.stream().collect(ImmutableMap.toImmutableMap(Attr::name, a -> a));
  private static final ImmutableMap<String, Attr<?>> BY_ENV_VAR =
      ALL.stream().collect(ImmutableMap.toImmutableMap(Attr::envVar, a -> a));

  /** Every key, in declaration order: an immutable list. */
  public static List<Attr<?>> all() {
    return ALL;
  }

  /** The key with this config name ({@code cleanup_timeout}), if there is one. */
  public static Optional<Attr<?>> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The key read from this environment variable, if there is one. */
  public static Optional<Attr<?>> byEnvVar(String envVar) {
    return Optional.ofNullable(BY_ENV_VAR.get(envVar));
  }
}
