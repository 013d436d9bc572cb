package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.channel.ChannelTransport;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.host.ProcessProcConfig;
import io.hyperactor.id.ProcId;
import io.hyperactor.internal.RuntimeServices;
import io.hyperactor.internal.TestServices;
import io.hyperactor.runtime.ProcessProcManagerOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defaults of the start-up options and their place on the child's command line. */
class ProcessProcManagerOptionsTest {
  private static final ChannelAddr BACKEND = new ChannelAddr.Local(0);

  private static ProcessProcManagerOptions defaults() {
    return ProcessProcManagerOptions.fromConfig(HyperactorConfig.defaultsOnly())
        .withClassPath("app.jar");
  }

  /** The command line of a spawn, read from the failure of a {@code java} that does not exist. */
  private static String commandOf(ProcessProcManagerOptions options, ProcessProcConfig config) {
    ProcessProcManagerOptions broken =
        new ProcessProcManagerOptions(
            Path.of("/nonexistent/java"),
            options.classPath(),
            "Main",
            options.startupJvmArgs(),
            options.jvmArgs(),
            options.classDataDir(),
            ImmutableMap.of(),
            ChannelTransport.LOCAL,
            0,
            false,
            false,
            HyperactorConfig.defaultsOnly());
    try (RuntimeServices services = TestServices.create(HyperactorConfig.defaultsOnly());
        ProcessProcManager manager = new ProcessProcManager(broken, services.channels())) {
      HostException e =
          assertThrows(
              HostException.class,
              () -> manager.spawn(new ProcId(BACKEND, "p"), BACKEND, config));
      String message = e.getMessage();
      return message.substring(message.indexOf("(command: ") + 10, message.indexOf(") failed"));
    }
  }

  @Test
  void defaults_raise_the_compile_thresholds_and_keep_archives_in_the_user_cache() {
    ProcessProcManagerOptions options = defaults();
    assertThat(options.startupJvmArgs().getFirst()).isEqualTo("-XX:CompileThresholdScaling=4");
    assertThat(options.startupJvmArgs())
        .isEqualTo(ProcessProcManagerOptions.DEFAULT_STARTUP_JVM_ARGS);
    assertThat(options.jvmArgs()).isEmpty();
    assertThat(options.classDataDir()).isEqualTo(ClassDataArchive.defaultDir());
  }

  @Test
  void default_start_up_flags_quiet_the_jdk_warnings_of_the_releases_that_give_them() {
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(21))
        .containsNoneOf(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(22))
        .contains("--enable-native-access=ALL-UNNAMED");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(22))
        .doesNotContain("--sun-misc-unsafe-memory-access=allow");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(25))
        .containsAtLeast(
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
        .inOrder();
    assertThat(ProcessProcManagerOptions.DEFAULT_STARTUP_JVM_ARGS)
        .isEqualTo(ProcessProcManagerOptions.defaultStartupJvmArgs(Runtime.version().feature()));
  }

  @Test
  void default_start_up_flags_choose_the_serial_collector_a_small_heap_one_netty_arena_of_small_chunks_and_no_netty_jfr() {
    for (int feature : new int[] {21, 22, 24, 25, 26}) {
      List<String> flags = ProcessProcManagerOptions.defaultStartupJvmArgs(feature);
      assertThat(flags.subList(0, 6))
          .containsExactly(
              "-XX:CompileThresholdScaling=4",
              "-XX:+UseSerialGC",
              "-Xms16m",
              "-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1",
              "-Dio.grpc.netty.shaded.io.netty.allocator.maxOrder=7",
              "-Dio.grpc.netty.shaded.io.netty.jfr.enabled=false")
          .inOrder();
      // Only the initial heap: a busy child still grows to the JVM's default maximum.
      assertThat(flags.stream().filter(f -> f.startsWith("-Xmx") || f.startsWith("-XX:MaxHeap")).toList())
          .isEmpty();
    }
  }

  @Test
  void default_start_up_flags_map_the_class_archive_unrelocated_on_the_checked_releases() {
    List<String> noRelocation =
        List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(19)).containsNoneIn(noRelocation);
    for (int feature : new int[] {20, 21, 22, 24, 25}) {
      assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(feature))
          .containsAtLeastElementsIn(noRelocation)
          .inOrder();
    }
    // A diagnostic flag a later JDK may have dropped would stop every child from starting.
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(26)).containsNoneIn(noRelocation);
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(25))
        .containsExactly(
            "-XX:CompileThresholdScaling=4",
            "-XX:+UseSerialGC",
            "-Xms16m",
            "-Dio.grpc.netty.shaded.io.netty.allocator.numDirectArenas=1",
            "-Dio.grpc.netty.shaded.io.netty.allocator.maxOrder=7",
            "-Dio.grpc.netty.shaded.io.netty.jfr.enabled=false",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0",
            "-XX:TrimNativeHeapInterval=5000",
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow")
        .inOrder();
  }

  @Test
  void default_start_up_flags_trim_the_native_heap_from_jdk_22() {
    // 21.0.0 does not know the flag (its updates do), so 21 goes without it.
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(21))
        .doesNotContain("-XX:TrimNativeHeapInterval=5000");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(22))
        .contains("-XX:TrimNativeHeapInterval=5000");
    assertThat(ProcessProcManagerOptions.defaultStartupJvmArgs(26))
        .contains("-XX:TrimNativeHeapInterval=5000");
  }

  @Test
  void each_with_method_keeps_the_start_up_options() {
    ProcessProcManagerOptions options =
        defaults()
            .withStartupJvmArgs(List.of("-XX:TieredStopAtLevel=1"))
            .withClassDataDir(Path.of("/cache"));
    for (ProcessProcManagerOptions changed :
        List.of(
            options.withMainClass("Other"),
            options.withJvmArgs(List.of("-Xmx1g")),
            options.withEnv(ImmutableMap.of("A", "b")),
            options.withTransport(ChannelTransport.UNIX),
            options.withTailLines(7),
            options.withLogForwarding(true, true),
            options.withClassPath("other.jar"))) {
      assertThat(changed.startupJvmArgs()).containsExactly("-XX:TieredStopAtLevel=1");
      assertThat(changed.classDataDir()).isEqualTo(Path.of("/cache"));
    }
    assertThat(options.withStartupJvmArgs(List.of()).startupJvmArgs()).isEmpty();
    assertThat(options.withClassDataDir(null).classDataDir()).isNull();
  }

  @Test
  void start_up_flags_come_before_the_users_flags_so_that_those_win() {
    ProcessProcManagerOptions options =
        defaults()
            .withJvmArgs(List.of("-Xmx64m", "-XX:CompileThresholdScaling=1"))
            .withClassDataDir(null);
    assertThat(
            commandOf(
                options, new ProcessProcConfig(2, ImmutableList.of("-XX:TieredStopAtLevel=1"))))
        .isEqualTo(
            "/nonexistent/java "
                + String.join(" ", ProcessProcManagerOptions.DEFAULT_STARTUP_JVM_ARGS)
                + " -Xmx64m"
                + " -XX:CompileThresholdScaling=1 -XX:TieredStopAtLevel=1 -cp app.jar Main");
    assertThat(commandOf(options.withStartupJvmArgs(List.of()), ProcessProcConfig.DEFAULT))
        .isEqualTo(
            "/nonexistent/java -Xmx64m -XX:CompileThresholdScaling=1 -cp app.jar Main");
  }

  @Test
  void a_class_path_of_its_own_is_the_childs_and_changes_nothing_else() {
    ProcessProcManagerOptions options = defaults().withClassDataDir(null);
    ProcessProcManagerOptions own = options.withClassPath("runtime.jar:transport.jar");
    assertThat(own.classPath()).isEqualTo("runtime.jar:transport.jar");
    assertThat(own.withClassPath("app.jar")).isEqualTo(options);
    assertThat(commandOf(own.withStartupJvmArgs(List.of()), ProcessProcConfig.DEFAULT))
        .isEqualTo("/nonexistent/java -cp runtime.jar:transport.jar Main");
  }

  @Test
  void a_blank_class_path_is_rejected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> defaults().withClassPath(" "));
    assertThat(e).hasMessageThat().isEqualTo("a child's class path must not be blank");
  }

  @Test
  void null_start_up_flags_are_rejected_by_name() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () ->
                new ProcessProcManagerOptions(
                    Path.of("java"),
                    "cp",
                    "Main",
                    null,
                    ImmutableList.of(),
                    null,
                    ImmutableMap.of(),
                    ChannelTransport.LOCAL,
                    0,
                    false,
                    false,
                    HyperactorConfig.defaultsOnly()));
    assertThat(e).hasMessageThat().isEqualTo("startupJvmArgs");
  }
}
