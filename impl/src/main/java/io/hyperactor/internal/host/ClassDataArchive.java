package io.hyperactor.internal.host;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.annotations.VisibleForTesting;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing (CDS) archives of one manager's children: the classes a child loads from
 * its class path, parsed and verified once, then mapped read-only by every later child instead of
 * being loaded again from the jars.
 *
 * <p>An archive is a file {@code <key>.jsa} in a cache directory. The key is a SHA-256 of
 * everything the JVM checks before it maps an archive: the {@code java} executable and its JDK
 * release, every class path entry (with the jars named by their manifests' {@code Class-Path}) with
 * its size and modification time, the main class, and the JVM flags other than system properties
 * ({@code -D}) and logging ({@code -Xlog}, {@code -verbose}). A rebuilt jar or another JDK
 * therefore gets a new archive instead of one the JVM would reject. When the archive exists, a
 * child gets {@code -XX:SharedArchiveFile=<key>.jsa}. When it does not, one child at a time records
 * it: {@code -XX:ArchiveClassesAtExit=<key>.<random>.tmp}, which the JVM writes as it exits; if the
 * child exited normally and the file carries the dynamic archive magic, it is renamed to {@code
 * <key>.jsa} in one atomic step, so no child ever maps a half-written archive. A recording that
 * fails twice is not tried again by this manager.
 *
 * <p>On JDK 25 and later the archive is an AOT cache instead ({@link Format#AOT}): the recording
 * child runs with {@code -XX:AOTMode=record -XX:AOTConfiguration=<key>.<random>.aotconf}; once it
 * exited, this class runs {@code java -XX:AOTMode=create} with the child's flags and class path in
 * the background and renames the cache it wrote to {@code <key>.aot} when it succeeds; children
 * then get {@code -XX:AOTCache=<key>.aot}. An AOT cache also holds the classes linked, which saves
 * a child another fifth of its start-up CPU over a dynamic archive.
 *
 * <p>Children get no CDS flags at all when the JDK's feature release is below 19 or unknown, when a
 * class path entry is not a regular file (the JVM refuses to archive classes from a directory),
 * when the flags already choose a CDS or AOT mode ({@code -Xshare}, {@code -XX:SharedArchiveFile},
 * {@code -XX:AOTCache} and the like: the user decides), when the cache directory cannot be created,
 * or when it (or the archive) belongs to another user or is writable by group or others. CDS
 * logging is turned off in the children ({@code -Xlog:cds*=off}, and {@code aot*=off} for the AOT
 * cache), so a rejected archive costs start-up time but never a warning on the child's output. The
 * newest {@value #KEPT_ARCHIVES} archives in the directory are kept; older ones and temporary files
 * older than a day are deleted when a new archive is written.
 */
final class ClassDataArchive {
  private static final Logger log = LoggerFactory.getLogger(ClassDataArchive.class);

  /** The first four bytes of a HotSpot dynamic archive, little-endian on disk. */
  @VisibleForTesting static final int DYNAMIC_ARCHIVE_MAGIC = 0xf00baba8;

  static final int MIN_FEATURE_RELEASE = 19;
  static final int MIN_AOT_FEATURE_RELEASE = 25;
  static final int KEPT_ARCHIVES = 4;
  private static final int MAX_RECORDING_FAILURES = 2;
  private static final Duration STALE_TEMP = Duration.ofDays(1);
  private static final String SUFFIX = ".jsa";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final String AOT_SUFFIX = ".aot";
  private static final String CONF_SUFFIX = ".aotconf";
  private static final ImmutableList<String> USER_CDS_FLAGS =
      ImmutableList.of(
          "-Xshare",
          "-XX:SharedArchiveFile",
          "-XX:ArchiveClassesAtExit",
          "-XX:+AutoCreateSharedArchive",
          "-XX:SharedClassListFile",
          "-XX:DumpLoadedClassList",
          "-XX:AOTCache",
          "-XX:AOTCacheOutput",
          "-XX:AOTConfiguration",
          "-XX:AOTMode");

  /** How archives are recorded and mapped. */
  enum Format {
    /** {@code -XX:ArchiveClassesAtExit} and {@code -XX:SharedArchiveFile} (JDK 19 and later). */
    DYNAMIC,
    /**
     * {@code -XX:AOTMode=record}, an assembly run with {@code -XX:AOTMode=create}, and {@code
     * -XX:AOTCache} (JDK 25 and later): the classes are also linked ahead of time.
     */
    AOT
  }

  private final Path dir;
  private final Path java;
  private final @Nullable Format forced;
  // Guarded by this; computed once: the JDK does not change under a running manager.
  private @Nullable String jdkIdentity;
  private Format format = Format.DYNAMIC;
  private boolean jdkChecked;
  private boolean closed;
  // Each running AOT assembly with the stage that publishes its cache and deletes its files; an
  // entry leaves only after that stage completed.
  private final Map<Process, CompletableFuture<Void>> assemblies = new ConcurrentHashMap<>();
  private final Set<String> recording = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final Map<Path, JarLinks> manifests = new ConcurrentHashMap<>();

  /** Archives of the format that the JDK of {@code java} supports best. */
  ClassDataArchive(Path dir, Path java) {
    this(dir, java, null);
  }

  /** Archives of {@code format}, when the JDK supports it; null picks the best one. */
  @VisibleForTesting
  ClassDataArchive(Path dir, Path java, @Nullable Format format) {
    this.dir = checkNotNull(dir, "dir");
    this.java = checkNotNull(java, "java");
    this.forced = format;
  }

  /**
   * The per-user default cache directory: {@code $XDG_CACHE_HOME/hyperactor/cds}, else {@code
   * ~/.cache/hyperactor/cds}; null when neither is known.
   */
  static @Nullable Path defaultDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "hyperactor", "cds");
    }
    String home = System.getProperty("user.home");
    if (home == null || home.isBlank() || home.equals("?")) {
      return null;
    }
    return Path.of(home, ".cache", "hyperactor", "cds");
  }

  /**
   * What one child does with the archive: its JVM flags and, for a recording child, where it
   * records, under which key, in which format, and the flags and class path an AOT assembly
   * repeats.
   */
  record Plan(
      ImmutableList<String> flags,
      @Nullable Path recordingTo,
      @Nullable String key,
      Format format,
      ImmutableList<String> assembly) {
    static final Plan NONE =
        new Plan(ImmutableList.of(), null, null, Format.DYNAMIC, ImmutableList.of());

    static Plan mapping(ImmutableList<String> flags) {
      return new Plan(flags, null, null, Format.DYNAMIC, ImmutableList.of());
    }
  }

  /**
   * The plan for a child started as {@code java <jvmArgs> -cp <classPath> <mainClass>}. Never
   * throws: any problem means no archive, logged at debug level.
   */
  Plan plan(String classPath, String mainClass, List<String> jvmArgs) {
    try {
      if (jvmArgs.stream().anyMatch(ClassDataArchive::choosesSharing)) {
        return Plan.NONE;
      }
      String jdk = jdkIdentity();
      if (jdk == null) {
        return Plan.NONE;
      }
      String key = key(jdk, classPath, mainClass, jvmArgs);
      if (key == null) {
        return Plan.NONE;
      }
      createPrivateDirectories(dir);
      if (!private_(dir)) {
        log.debug("class-data sharing directory {} is not private to this user: no CDS", dir);
        return Plan.NONE;
      }
      boolean aot = format() == Format.AOT;
      Path archive = dir.resolve(key + (aot ? AOT_SUFFIX : SUFFIX));
      if (Files.isRegularFile(archive) && Files.size(archive) > 0 && private_(archive)) {
        return Plan.mapping(
            aot
                ? ImmutableList.of("-Xlog:aot*=off,cds*=off", "-XX:AOTCache=" + archive)
                : ImmutableList.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive));
      }
      if (failures.getOrDefault(key, 0) >= MAX_RECORDING_FAILURES || !recording.add(key)) {
        return Plan.NONE;
      }
      Path temp = dir.resolve(key + "." + UUID.randomUUID() + (aot ? CONF_SUFFIX : TEMP_SUFFIX));
      if (aot) {
        return new Plan(
            ImmutableList.of(
                "-Xlog:aot*=off,cds*=off",
                "-XX:AOTMode=record",
                "-XX:AOTConfiguration=" + temp),
            temp,
            key,
            Format.AOT,
            ImmutableList.<String>builder().addAll(jvmArgs).add("-cp", classPath).build());
      }
      return new Plan(
          ImmutableList.of("-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + temp),
          temp,
          key,
          Format.DYNAMIC,
          ImmutableList.of());
    } catch (IOException | RuntimeException e) {
      log.debug("no class-data sharing archive for children of {}: {}", classPath, e.toString());
      return Plan.NONE;
    }
  }

  /** Forgets a plan whose child never started. */
  void abandon(Plan plan) {
    String key = plan.key();
    if (key != null) {
      recording.remove(key);
    }
  }

  /**
   * Publishes what a recording child wrote, once it exited with {@code exitValue} (128+N when
   * killed by signal N, in which case the file may be incomplete).
   */
  void finish(Plan plan, int exitValue) {
    boolean killed = exitValue > 128 && exitValue <= 128 + 64;
    Path temp = plan.recordingTo();
    String key = plan.key();
    if (temp == null || key == null) {
      return;
    }
    if (plan.format() == Format.AOT) {
      assemble(plan, temp, key, killed, exitValue);
      return;
    }
    try {
      if (!killed && hasDynamicArchiveMagic(temp)) {
        publish(temp, key, SUFFIX, "class-data sharing archive");
      } else {
        log.debug(
            "child exited with {} without a complete class-data sharing archive at {}",
            exitValue,
            temp);
        failures.merge(key, 1, Integer::sum);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("class-data sharing archive {} not published: {}", temp, e.toString());
      failures.merge(key, 1, Integer::sum);
    } finally {
      deleteQuietly(temp);
      recording.remove(key);
    }
  }

  /**
   * Turns the configuration a child recorded into an AOT cache: a {@code java
   * -XX:AOTMode=create} run with the child's flags and class path, in the background, whose
   * output is only logged. Its cache is renamed into place when it succeeds.
   */
  private void assemble(Plan plan, Path conf, String key, boolean killed, int exitValue) {
    Path cache = dir.resolve(key + "." + UUID.randomUUID() + TEMP_SUFFIX);
    Process process = null;
    try {
      synchronized (this) {
        if (!killed && !closed && Files.isRegularFile(conf) && Files.size(conf) > 0) {
          List<String> command = new ArrayList<>();
          command.add(java.toString());
          command.add("-Xlog:aot*=off,cds*=off");
          command.add("-XX:AOTMode=create");
          command.add("-XX:AOTConfiguration=" + conf);
          command.add("-XX:AOTCache=" + cache);
          command.addAll(plan.assembly());
          process =
              new ProcessBuilder(command)
                  .redirectInput(ProcessBuilder.Redirect.PIPE)
                  .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                  .redirectError(ProcessBuilder.Redirect.DISCARD)
                  .start();
          Process assembly = process;
          CompletableFuture<Void> finished =
              assembly.onExit().thenRun(() -> publishAssembly(assembly, cache, conf, key));
          assemblies.put(assembly, finished);
          // Registered after the put, so the removal cannot run before it.
          finished.whenComplete((ignored, error) -> assemblies.remove(assembly, finished));
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("cannot assemble the AOT cache from {}: {}", conf, e.toString());
    }
    if (process == null) {
      log.debug("child exited with {} without an AOT configuration at {}", exitValue, conf);
      failures.merge(key, 1, Integer::sum);
      deleteQuietly(conf);
      recording.remove(key);
    }
  }

  /** Runs once an assembly exited: publishes its cache if it succeeded, and deletes its files. */
  private void publishAssembly(Process assembly, Path cache, Path conf, String key) {
    try {
      if (assembly.exitValue() == 0 && Files.isRegularFile(cache)) {
        publish(cache, key, AOT_SUFFIX, "AOT cache");
      } else {
        log.debug("AOT cache assembly for {} exited with {}", key, assembly.exitValue());
        failures.merge(key, 1, Integer::sum);
      }
    } catch (IOException | RuntimeException e) {
      log.debug("AOT cache {} not published: {}", cache, e.toString());
      failures.merge(key, 1, Integer::sum);
    } finally {
      deleteQuietly(cache);
      deleteQuietly(conf);
      recording.remove(key);
    }
  }

  /**
   * Stops what this instance still runs: an AOT assembly gets up to {@code grace} to finish (its
   * cache then serves the next manager), and is killed after that.
   */
  void close(Duration grace) {
    synchronized (this) {
      closed = true;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Map.Entry<Process, CompletableFuture<Void>> entry : List.copyOf(assemblies.entrySet())) {
      Process assembly = entry.getKey();
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!assembly.waitFor(left, TimeUnit.NANOSECONDS)) {
          log.info(
              "AOT cache assembly (pid {}) still running after {}; killing it",
              assembly.pid(),
              grace);
          assembly.destroyForcibly();
          assembly.waitFor(10, TimeUnit.SECONDS);
        }
        // Publication and clean-up run in the stage after the exit, which may still be running
        // when the process has exited: wait for that stage, so nothing is left behind.
        entry.getValue().get(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        assembly.destroyForcibly();
      } catch (ExecutionException | TimeoutException e) {
        log.debug("AOT cache assembly (pid {}): {}", assembly.pid(), e.toString());
      }
    }
  }

  /** Renames a finished archive into place as {@code <key><suffix>} and prunes older ones. */
  private void publish(Path finished, String key, String suffix, String what) throws IOException {
    Path archive = dir.resolve(key + suffix);
    move(finished, archive);
    log.info("wrote {} {} for later children", what, archive);
    failures.remove(key);
    prune(archive);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot delete {}: {}", file, e.toString());
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on exotic file systems; a plain rename is still
      // close to atomic there.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @VisibleForTesting
  static boolean hasDynamicArchiveMagic(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    byte[] head = new byte[4];
    try (InputStream in = Files.newInputStream(file)) {
      if (in.readNBytes(head, 0, 4) < 4) {
        return false;
      }
    }
    return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt() == DYNAMIC_ARCHIVE_MAGIC;
  }

  /** Keeps the newest archives and deletes stale temporary files. */
  private void prune(Path keep) throws IOException {
    List<Path> archives = new ArrayList<>();
    Instant staleBefore = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.endsWith(SUFFIX) || name.endsWith(AOT_SUFFIX)) {
          archives.add(entry);
        } else if ((name.endsWith(TEMP_SUFFIX) || name.endsWith(CONF_SUFFIX))
            && Files.getLastModifiedTime(entry).toInstant().isBefore(staleBefore)) {
          Files.deleteIfExists(entry);
        }
      }
    }
    archives.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
    for (Path old : archives.subList(Math.min(KEPT_ARCHIVES, archives.size()), archives.size())) {
      if (!old.equals(keep)) {
        // A running child keeps its mapping of a deleted archive.
        Files.deleteIfExists(old);
      }
    }
  }

  private static FileTime modified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Creates what is missing of {@code dir} readable and writable by this user only. */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  /**
   * Whether only this user can change {@code path}: the JVM maps an archive's contents as class
   * metadata, so an archive someone else could write would let them run code in every child. On
   * a file system without POSIX permissions the check is skipped.
   */
  @VisibleForTesting
  static boolean private_(Path path) throws IOException {
    PosixFileAttributes attrs;
    try {
      attrs =
          Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return true;
    }
    Set<PosixFilePermission> perms = attrs.permissions();
    return attrs.owner().getName().equals(System.getProperty("user.name"))
        && !perms.contains(PosixFilePermission.GROUP_WRITE)
        && !perms.contains(PosixFilePermission.OTHERS_WRITE);
  }

  private static boolean choosesSharing(String flag) {
    return USER_CDS_FLAGS.stream().anyMatch(flag::startsWith);
  }

  /** The JDK's executable and version, or null when it is too old or unknown. */
  /** The format this instance records and maps; known once {@link #jdkIdentity} ran. */
  synchronized Format format() {
    return format;
  }

  private synchronized @Nullable String jdkIdentity() {
    if (!jdkChecked) {
      jdkChecked = true;
      jdkIdentity = readJdkIdentity(java);
      int feature = jdkIdentity == null ? -1 : featureRelease(jdkIdentity.split("\\|")[1]);
      format =
          forced != null
              ? (feature < MIN_AOT_FEATURE_RELEASE ? Format.DYNAMIC : forced)
              : feature >= MIN_AOT_FEATURE_RELEASE ? Format.AOT : Format.DYNAMIC;
      if (jdkIdentity == null) {
        log.debug(
            "children's JDK at {} is unknown or older than {}: no CDS", java, MIN_FEATURE_RELEASE);
      }
    }
    return jdkIdentity;
  }

  /**
   * Reads the {@code release} file of the JDK that {@code java} belongs to ({@code
   * <home>/bin/java}); null when it is missing, unreadable, or names a release below {@value
   * #MIN_FEATURE_RELEASE}.
   */
  @VisibleForTesting
  static @Nullable String readJdkIdentity(Path java) {
    try {
      Path real = java.toRealPath();
      Path bin = real.getParent();
      Path home = bin == null ? null : bin.getParent();
      if (home == null) {
        return null;
      }
      Path release = home.resolve("release");
      if (!Files.isRegularFile(release)) {
        return null;
      }
      String version = null;
      String runtime = "";
      for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
        if (line.startsWith("JAVA_VERSION=")) {
          version = unquote(line.substring("JAVA_VERSION=".length()));
        } else if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
          runtime = unquote(line.substring("JAVA_RUNTIME_VERSION=".length()));
        }
      }
      if (version == null || featureRelease(version) < MIN_FEATURE_RELEASE) {
        return null;
      }
      BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
      return real + "|" + version + "|" + runtime + "|" + attrs.lastModifiedTime().toMillis();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The feature release of a version string ({@code 25.0.3} is 25, {@code 1.8.0_402} is 8). */
  @VisibleForTesting
  static int featureRelease(String version) {
    String v = version.startsWith("1.") ? version.substring(2) : version;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(v.substring(0, end));
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }

  /**
   * The archive key, or null when the class path cannot be archived (an entry that is not a
   * regular file, such as a directory or a wildcard).
   */
  @VisibleForTesting
  @Nullable String key(String jdk, String classPath, String mainClass, List<String> jvmArgs)
      throws IOException {
    Hasher hasher = Hashing.sha256().newHasher();
    hasher.putString(jdk, StandardCharsets.UTF_8).putByte((byte) 0);
    hasher.putString(mainClass, StandardCharsets.UTF_8).putByte((byte) 0);
    for (String arg : jvmArgs) {
      // System properties and logging do not change what the JVM maps; a per-child property
      // (a rank) must not give every child an archive of its own.
      if (!arg.startsWith("-D") && !arg.startsWith("-Xlog") && !arg.startsWith("-verbose")) {
        hasher.putString(arg, StandardCharsets.UTF_8).putByte((byte) 0);
      }
    }
    if (classPath.isEmpty()) {
      return null;
    }
    Set<Path> seen = new HashSet<>();
    for (String entry : classPath.split(File.pathSeparator, -1)) {
      if (entry.isEmpty() || entry.endsWith("*")) {
        return null;
      }
      if (!putJar(hasher, Path.of(entry).toAbsolutePath().normalize(), seen)) {
        return null;
      }
    }
    return hasher.hash().toString();
  }

  /**
   * Hashes a jar and, transitively, the jars its manifest's {@code Class-Path} names (which the
   * JVM also checks); false when a class path entry is not a regular file.
   */
  private boolean putJar(Hasher hasher, Path jar, Set<Path> seen) throws IOException {
    if (!seen.add(jar)) {
      return true;
    }
    hasher.putString(jar.toString(), StandardCharsets.UTF_8).putByte((byte) 0);
    if (!Files.exists(jar)) {
      // The JVM skips a missing entry; its later appearance must change the key.
      hasher.putLong(-1);
      return true;
    }
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    BasicFileAttributes attrs = Files.readAttributes(jar, BasicFileAttributes.class);
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    hasher.putLong(size).putLong(modified);
    JarLinks links = manifests.get(jar);
    if (links == null || links.size() != size || links.modified() != modified) {
      links = new JarLinks(size, modified, manifestClassPath(jar));
      manifests.put(jar, links);
    }
    for (Path referenced : links.classPath()) {
      if (!putJar(hasher, referenced, seen)) {
        return false;
      }
    }
    return true;
  }

  /** The {@code Class-Path} of a jar's manifest, as local paths; empty when it has none. */
  private static ImmutableList<Path> manifestClassPath(Path jar) {
    String value;
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      value =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
    } catch (IOException e) {
      // Not a zip: the JVM loads no classes from it either; its size and time are in the key.
      return ImmutableList.of();
    }
    if (value == null) {
      return ImmutableList.of();
    }
    Path base = jar.getParent();
    ImmutableList.Builder<Path> paths = ImmutableList.builder();
    for (String ref : value.trim().split("\\s+")) {
      if (ref.isEmpty()) {
        continue;
      }
      try {
        URI uri = base == null ? new URI(ref) : base.toUri().resolve(new URI(ref));
        if ("file".equals(uri.getScheme())) {
          paths.add(Path.of(uri).normalize());
        }
      } catch (URISyntaxException | IllegalArgumentException e) {
        // The JVM ignores an entry it cannot parse as well.
      }
    }
    return paths.build();
  }

  /** A jar's manifest class path, remembered while the jar's size and time stay the same. */
  private record JarLinks(long size, long modified, ImmutableList<Path> classPath) {}
}
