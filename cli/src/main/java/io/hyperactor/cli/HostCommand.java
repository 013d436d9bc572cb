package io.hyperactor.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.google.common.base.Splitter;
import io.hyperactor.channel.ChannelAddr;
import io.hyperactor.codec.CodecRegistrar;
import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorConfig;
import io.hyperactor.host.HostException;
import io.hyperactor.runtime.ActorSystem;
import io.hyperactor.runtime.HostMain;
import io.hyperactor.runtime.StandaloneHost;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hyperactor host}: serves a standalone host until SIGTERM, or until a client shuts it down.
 *
 * <p>The configuration is the registry defaults, under the {@code hyperactor} object of the
 * {@code --config} HOCON file, under the {@code HYPERACTOR_*} environment variables and {@code
 * -Dhyperactor.<key>} system properties (the project's layer order: the environment wins, so one
 * shared file can serve every host while each sets its own {@code
 * HYPERACTOR_ADVERTISE_HOSTNAME}). The host serves at {@code --addr}, else {@code host_addr}, else
 * any address of {@code default_transport}.
 */
@Command(
    name = "host",
    mixinStandardHelpOptions = true,
    description = {
      "Serves a standalone host that mesh clients attach to by address.",
      "Prints '" + HostMain.SERVING_PREFIX + "<address>' once it serves; SIGTERM stops every proc"
          + " it runs and exits with code 0."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shut down by SIGTERM or by a client",
      "1:failure at run time (such as an address that cannot be bound)",
      "2:usage or configuration error"
    })
final class HostCommand implements Callable<Integer> {
  /** The environment variable naming the codec classes when {@code --codecs} is not given. */
  static final String CODECS_ENV = "HYPERACTOR_HOST_CODECS";

  private final Map<String, String> env;
  private final PrintWriter out;
  private final PrintWriter err;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "HOCON file whose hyperactor object sets configuration keys, such as"
              + " hyperactor.host_addr (see docs/configuration.md).")
  private @Nullable Path config;

  @Option(
      names = "--addr",
      paramLabel = "ADDR",
      description =
          "Channel address to serve at, such as tcp:0.0.0.0:26600 or tcp:[::]:26600; overrides"
              + " host_addr.")
  private @Nullable String addr;

  @Option(
      names = "--codecs",
      split = ",",
      paramLabel = "CLASS",
      description =
          "Classes that register the application's message types in the host, which decodes the"
              + " messages it routes: each a public java.util.function.Consumer<CodecRegistrar>"
              + " with a public no-argument constructor, on the class path. Default: the"
              + " comma-separated "
              + CODECS_ENV
              + ".")
  private List<String> codecs = List.of();

  HostCommand(Map<String, String> env, PrintWriter out, PrintWriter err) {
    this.env = env;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    HyperactorConfig configuration = loadConfig();
    ChannelAddr serveAt = addr == null ? null : parseAddr(addr);
    List<Consumer<CodecRegistrar>> registrations = loadCodecs();
    AtomicBoolean stopping = new AtomicBoolean();
    AtomicReference<@Nullable Running> running = new AtomicReference<>();
    // Registered before the host starts, so a SIGTERM during start-up still stops what started.
    Thread hook =
        new Thread(
            () -> {
              if (!stopping.compareAndSet(false, true)) {
                return; // The command is stopping the host itself and exits with its own code.
              }
              Running r = running.get();
              int code = r == null ? HyperactorCli.EXIT_OK : r.stop();
              err.println("hyperactor host: stopped on signal");
              err.flush();
              // The JVM's own status after a SIGTERM is 143; a host stopped in order exits 0.
              Runtime.getRuntime().halt(code);
            },
            "hyperactor-host-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      ActorSystem.Builder builder =
          ActorSystem.builder().name("hyperactor-host").config(configuration);
      registrations.forEach(builder::codecs);
      ActorSystem system = builder.build();
      StandaloneHost host;
      try {
        host =
            serveAt == null ? StandaloneHost.start(system) : StandaloneHost.start(system, serveAt);
      } catch (RuntimeException e) {
        system.close();
        throw e;
      }
      Running r = new Running(host, system);
      running.set(r);
      out.println(HostMain.SERVING_PREFIX + host.addr());
      out.flush();
      host.whenShutDown().join();
      if (!stopping.compareAndSet(false, true)) {
        // A signal's hook is stopping the host and ends the JVM.
        awaitHalt();
      }
      err.println("hyperactor host: shut down by a client");
      return r.stop();
    } catch (HostException e) {
      err.println("hyperactor host: " + e.getMessage());
      return HyperactorCli.EXIT_FAILURE;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook runs (or ran) anyway.
      }
    }
  }

  private static void awaitHalt() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Keep waiting: the hook halts the JVM.
      }
    }
  }

  /** A served host and its actor system, stopped together. */
  private record Running(StandaloneHost host, ActorSystem system) {
    int stop() {
      try {
        host.close();
        system.close();
        return HyperactorCli.EXIT_OK;
      } catch (RuntimeException e) {
        System.err.println("hyperactor host: stopping failed: " + e);
        return HyperactorCli.EXIT_FAILURE;
      }
    }
  }

  private HyperactorConfig loadConfig() {
    Config file = ConfigFactory.empty();
    if (config != null) {
      try {
        file =
            ConfigFactory.parseFile(
                config.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
      } catch (ConfigException e) {
        throw new HyperactorCli.UsageError("config file " + config + ": " + e.getMessage(), e);
      }
      List<String> strangers =
          file.root().keySet().stream().filter(k -> !k.equals("hyperactor")).sorted().toList();
      if (!strangers.isEmpty()) {
        throw new HyperactorCli.UsageError(
            "config file "
                + config
                + ": unknown top-level "
                + (strangers.size() == 1 ? "key " : "keys ")
                + String.join(", ", strangers)
                + "; configuration keys go in the hyperactor object, such as"
                + " hyperactor.host_addr or hyperactor { host_addr = ... }",
            null);
      }
    }
    try {
      return HyperactorConfig.load(env, System.getProperties(), file);
    } catch (ConfigValidationException e) {
      throw new HyperactorCli.UsageError(
          "invalid configuration" + (config == null ? "" : " (file " + config + ")") + ":\n"
              + e.getMessage(),
          e);
    }
  }

  private List<Consumer<CodecRegistrar>> loadCodecs() {
    List<String> names = codecs;
    if (names.isEmpty()) {
      String fromEnv = env.getOrDefault(CODECS_ENV, "");
      names = Splitter.on(',').trimResults().omitEmptyStrings().splitToList(fromEnv);
    }
    List<Consumer<CodecRegistrar>> loaded = new ArrayList<>();
    for (String name : names) {
      loaded.add(loadCodec(name));
    }
    return loaded;
  }

  @SuppressWarnings("unchecked") // Checked: the class implements Consumer, for CodecRegistrar.
  private static Consumer<CodecRegistrar> loadCodec(String name) {
    Class<?> type;
    try {
      type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new HyperactorCli.UsageError(
          "codec class " + name + " cannot be loaded (is it on HYPERACTOR_CLASSPATH?): " + e, e);
    }
    if (!Consumer.class.isAssignableFrom(type)) {
      throw new HyperactorCli.UsageError(
          "codec class " + name + " is not a java.util.function.Consumer<CodecRegistrar>", null);
    }
    try {
      return (Consumer<CodecRegistrar>) type.getConstructor().newInstance();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new HyperactorCli.UsageError(
          "codec class " + name + " cannot be made with a public no-argument constructor: " + e,
          e);
    }
  }

  private static ChannelAddr parseAddr(String text) {
    try {
      return ChannelAddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw new HyperactorCli.UsageError("--addr: " + e.getMessage(), e);
    }
  }
}
