package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

/** Archive keys, the record-then-publish cycle and the cases that add no flags. */
class ClassDataArchiveTest {
  private static final Path CURRENT_JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final String MAIN = "example.Main";
  private static final ClassDataArchive.Format DYNAMIC = ClassDataArchive.Format.DYNAMIC;

  @TempDir Path tmp;

  private Path jar(String name, @Nullable String manifestClassPath) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (manifestClassPath != null) {
      manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, manifestClassPath);
    }
    Path jar = tmp.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, manifest)) {
      // A manifest alone is a valid jar.
    }
    return jar;
  }

  private static void writeArchive(Path file, boolean complete) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    head.putInt(complete ? ClassDataArchive.DYNAMIC_ARCHIVE_MAGIC : 0);
    Files.write(file, head.array());
  }

  private static long count(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(suffix)).count();
    }
  }

  @Test
  void feature_release_of_version_strings() {
    assertThat(ClassDataArchive.featureRelease("25.0.3")).isEqualTo(25);
    assertThat(ClassDataArchive.featureRelease("21")).isEqualTo(21);
    assertThat(ClassDataArchive.featureRelease("19-ea")).isEqualTo(19);
    assertThat(ClassDataArchive.featureRelease("1.8.0_402")).isEqualTo(8);
    assertThat(ClassDataArchive.featureRelease("unknown")).isEqualTo(-1);
  }

  @Test
  void jdk_identity_names_the_current_jdk_and_refuses_old_or_unknown_ones() throws IOException {
    assertThat(ClassDataArchive.readJdkIdentity(CURRENT_JAVA))
        .contains("|" + System.getProperty("java.version") + "|");

    Path old = tmp.resolve("jdk17");
    Files.createDirectories(old.resolve("bin"));
    Files.writeString(old.resolve("bin/java"), "");
    Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.2\"\n");
    assertThat(ClassDataArchive.readJdkIdentity(old.resolve("bin/java"))).isNull();

    Path noRelease = tmp.resolve("bare");
    Files.createDirectories(noRelease.resolve("bin"));
    Files.writeString(noRelease.resolve("bin/java"), "");
    assertThat(ClassDataArchive.readJdkIdentity(noRelease.resolve("bin/java"))).isNull();
    assertThat(ClassDataArchive.readJdkIdentity(tmp.resolve("missing/bin/java"))).isNull();
  }

  @Test
  void a_jdk_older_than_19_gets_no_flags() throws IOException {
    Path old = tmp.resolve("jdk17");
    Files.createDirectories(old.resolve("bin"));
    Files.writeString(old.resolve("bin/java"), "");
    Files.writeString(old.resolve("release"), "JAVA_VERSION=\"17.0.2\"\n");
    ClassDataArchive archives = new ClassDataArchive(tmp.resolve("cds"), old.resolve("bin/java"), DYNAMIC);
    assertThat(archives.plan(jar("a.jar", null).toString(), MAIN, List.of()))
        .isEqualTo(ClassDataArchive.Plan.NONE);
  }

  @Test
  void key_covers_jar_times_manifest_class_path_main_class_and_flags_but_not_properties()
      throws IOException {
    ClassDataArchive archives = new ClassDataArchive(tmp.resolve("cds"), CURRENT_JAVA, DYNAMIC);
    Path lib = jar("lib.jar", null);
    Path app = jar("app.jar", "lib.jar");
    String base = archives.key("jdk", app.toString(), MAIN, List.of("-Xmx64m"));
    assertThat(base).isNotNull();
    assertThat(archives.key("jdk", app.toString(), MAIN, List.of("-Xmx64m", "-Drank=3")))
        .isEqualTo(base);
    assertThat(archives.key("jdk", app.toString(), MAIN, List.of("-Xmx128m"))).isNotEqualTo(base);
    assertThat(archives.key("jdk", app.toString(), "other.Main", List.of("-Xmx64m")))
        .isNotEqualTo(base);
    assertThat(archives.key("jdk2", app.toString(), MAIN, List.of("-Xmx64m"))).isNotEqualTo(base);

    // A jar reached only through the manifest is rebuilt: the archive would no longer match.
    Files.setLastModifiedTime(lib, FileTime.from(Instant.now().plusSeconds(60)));
    assertThat(archives.key("jdk", app.toString(), MAIN, List.of("-Xmx64m"))).isNotEqualTo(base);
  }

  @Test
  void directories_and_wildcards_on_the_class_path_get_no_archive() throws IOException {
    ClassDataArchive archives = new ClassDataArchive(tmp.resolve("cds"), CURRENT_JAVA, DYNAMIC);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    String jar = jar("a.jar", null).toString();
    assertThat(archives.key("jdk", jar + File.pathSeparator + classes, MAIN, List.of())).isNull();
    assertThat(archives.key("jdk", tmp + "/*", MAIN, List.of())).isNull();
    assertThat(archives.key("jdk", "", MAIN, List.of())).isNull();
    assertThat(archives.key("jdk", jar("b.jar", "classes/").toString(), MAIN, List.of())).isNull();
    assertThat(archives.plan(jar + File.pathSeparator + classes, MAIN, List.of()))
        .isEqualTo(ClassDataArchive.Plan.NONE);
  }

  @Test
  void flags_that_choose_a_sharing_mode_leave_the_command_line_alone() throws IOException {
    ClassDataArchive archives = new ClassDataArchive(tmp.resolve("cds"), CURRENT_JAVA, DYNAMIC);
    String jar = jar("a.jar", null).toString();
    for (String flag :
        List.of(
            "-Xshare:off",
            "-XX:SharedArchiveFile=/elsewhere.jsa",
            "-XX:ArchiveClassesAtExit=/x.jsa",
            "-XX:+AutoCreateSharedArchive",
            "-XX:AOTCache=app.aot")) {
      assertThat(archives.plan(jar, MAIN, List.of("-Xmx64m", flag)))
          .isEqualTo(ClassDataArchive.Plan.NONE);
    }
  }

  @Test
  void an_uncreatable_cache_directory_gets_no_flags() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "in the way");
    ClassDataArchive archives = new ClassDataArchive(file.resolve("cds"), CURRENT_JAVA, DYNAMIC);
    assertThat(archives.plan(jar("a.jar", null).toString(), MAIN, List.of()))
        .isEqualTo(ClassDataArchive.Plan.NONE);
  }

  @Test
  void one_child_records_and_later_children_map_the_published_archive() throws IOException {
    Path dir = tmp.resolve("cds");
    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA, DYNAMIC);
    String jar = jar("a.jar", null).toString();

    ClassDataArchive.Plan recording = archives.plan(jar, MAIN, List.of());
    Path temp = recording.recordingTo();
    assertThat(temp).isNotNull();
    assertThat(temp.getParent()).isEqualTo(dir);
    assertThat(temp.getFileName().toString()).endsWith(".tmp");
    assertThat(recording.flags())
        .containsExactly("-Xlog:cds*=off", "-XX:ArchiveClassesAtExit=" + temp)
        .inOrder();
    // A second child while the first records starts without an archive.
    assertThat(archives.plan(jar, MAIN, List.of())).isEqualTo(ClassDataArchive.Plan.NONE);

    writeArchive(temp, true);
    archives.finish(recording, 0);
    Path archive = dir.resolve(recording.key() + ".jsa");
    assertThat(Files.exists(archive)).isTrue();
    assertThat(Files.exists(temp)).isFalse();
    assertThat(archives.plan(jar, MAIN, List.of()).flags())
        .containsExactly("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive)
        .inOrder();
  }

  @Test
  void an_incomplete_recording_is_discarded_and_given_up_after_two_failures() throws IOException {
    Path dir = tmp.resolve("cds");
    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA, DYNAMIC);
    String jar = jar("a.jar", null).toString();

    ClassDataArchive.Plan first = archives.plan(jar, MAIN, List.of());
    writeArchive(first.recordingTo(), false);
    archives.finish(first, 0);
    assertThat(count(dir, ".jsa")).isEqualTo(0);
    assertThat(count(dir, ".tmp")).isEqualTo(0);

    // Killed by SIGKILL (137) while writing: a complete-looking header is not trusted either.
    ClassDataArchive.Plan second = archives.plan(jar, MAIN, List.of());
    assertThat(second.recordingTo()).isNotNull();
    writeArchive(second.recordingTo(), true);
    archives.finish(second, 137);
    assertThat(count(dir, ".jsa")).isEqualTo(0);

    assertThat(archives.plan(jar, MAIN, List.of())).isEqualTo(ClassDataArchive.Plan.NONE);
  }

  @Test
  void a_child_that_never_started_releases_the_recording() throws IOException {
    ClassDataArchive archives = new ClassDataArchive(tmp.resolve("cds"), CURRENT_JAVA, DYNAMIC);
    String jar = jar("a.jar", null).toString();
    ClassDataArchive.Plan first = archives.plan(jar, MAIN, List.of());
    archives.abandon(first);
    assertThat(archives.plan(jar, MAIN, List.of()).recordingTo()).isNotNull();
  }

  @Test
  void publishing_keeps_the_newest_archives_and_drops_stale_temporary_files() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("cds"));
    Instant old = Instant.now().minusSeconds(3 * 24 * 3600);
    for (int i = 0; i < 6; i++) {
      Path archive = dir.resolve("old" + i + ".jsa");
      writeArchive(archive, true);
      Files.setLastModifiedTime(archive, FileTime.from(old.plusSeconds(i)));
    }
    Path staleTemp = dir.resolve("dead.0.tmp");
    writeArchive(staleTemp, true);
    Files.setLastModifiedTime(staleTemp, FileTime.from(old));

    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA, DYNAMIC);
    ClassDataArchive.Plan recording = archives.plan(jar("a.jar", null).toString(), MAIN, List.of());
    writeArchive(recording.recordingTo(), true);
    archives.finish(recording, 0);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly(recording.key() + ".jsa", "old5.jsa", "old4.jsa", "old3.jsa");
    }
  }

  @Test
  void a_directory_or_archive_others_can_write_gets_no_flags() throws IOException {
    String jar = jar("a.jar", null).toString();
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThat(new ClassDataArchive(shared, CURRENT_JAVA, DYNAMIC).plan(jar, MAIN, List.of()))
        .isEqualTo(ClassDataArchive.Plan.NONE);

    Path dir = tmp.resolve("cds");
    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA, DYNAMIC);
    ClassDataArchive.Plan recording = archives.plan(jar, MAIN, List.of());
    writeArchive(recording.recordingTo(), true);
    archives.finish(recording, 0);
    Path archive = dir.resolve(recording.key() + ".jsa");
    Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
    assertThat(archives.plan(jar, MAIN, List.of()).flags())
        .doesNotContain("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void the_created_directory_is_private_whatever_the_umask() throws IOException {
    Path dir = tmp.resolve("a/b/cds");
    new ClassDataArchive(dir, CURRENT_JAVA, DYNAMIC).plan(jar("a.jar", null).toString(), MAIN, List.of());
    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(ClassDataArchive.private_(dir)).isTrue();
  }

  @Test
  void a_jdk_25_records_an_aot_configuration_with_the_flags_its_assembly_repeats()
      throws IOException {
    assertThat(Runtime.version().feature()).isAtLeast(ClassDataArchive.MIN_AOT_FEATURE_RELEASE);
    Path dir = tmp.resolve("cds");
    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA);
    String jar = jar("a.jar", null).toString();
    ClassDataArchive.Plan recording = archives.plan(jar, MAIN, List.of("-Xmx64m"));
    assertThat(archives.format()).isEqualTo(ClassDataArchive.Format.AOT);
    Path conf = recording.recordingTo();
    assertThat(conf.getFileName().toString()).endsWith(".aotconf");
    assertThat(recording.flags())
        .containsExactly(
            "-Xlog:aot*=off,cds*=off", "-XX:AOTMode=record", "-XX:AOTConfiguration=" + conf)
        .inOrder();
    assertThat(recording.assembly()).containsExactly("-Xmx64m", "-cp", jar).inOrder();
  }

  @Test
  void a_failed_aot_assembly_publishes_nothing_and_leaves_no_files() throws IOException {
    Path dir = tmp.resolve("cds");
    ClassDataArchive archives = new ClassDataArchive(dir, CURRENT_JAVA);
    String jar = jar("a.jar", null).toString();
    ClassDataArchive.Plan recording = archives.plan(jar, MAIN, List.of());
    Files.writeString(recording.recordingTo(), "not an AOT configuration");
    archives.finish(recording, 0);
    // Closing waits for the assembly (the JVM rejects the configuration) and its clean-up.
    archives.close(Duration.ofSeconds(60));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.toList()).isEmpty();
    }
    assertThat(archives.plan(jar, MAIN, List.of()).recordingTo()).isNotNull();
  }

  @Test
  void default_directory_is_under_the_user_cache() {
    Path dir = ClassDataArchive.defaultDir();
    assertThat(dir).isNotNull();
    assertThat(dir.endsWith(Path.of("hyperactor", "cds"))).isTrue();
    assertThat(dir.isAbsolute()).isTrue();
  }
}
