package io.hyperactor.testkit;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Applications, examples, docs and tests outside the runtime live on the public surface: none of
 * them imports {@code io.hyperactor.internal}, every internal package says it is internal, and the
 * public packages keep Guava's types out of their signatures unless the Javadoc names a reason.
 */
class PublicSurfaceTest {
  private static final Pattern INTERNAL_IMPORT =
      Pattern.compile("^\\s*import\\s+(static\\s+)?io\\.hyperactor\\.internal\\b", Pattern.MULTILINE);

  /** What every internal package's documentation says. */
  private static final String INTERNAL_NOTICE = "not part of the public API";

  /** The modules and folders that must do without the internal packages. */
  private static final List<String> PUBLIC_ONLY =
      List.of(
          "examples", "cli", "integration-tests", "benchmarks", "modules", "testkit", "docs",
          "README.md");

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("impl")) && Files.isDirectory(dir.resolve("testkit"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the project root above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> sources(Path start) {
    if (!Files.exists(start)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(start)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/target/"))
          .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".md"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void nothing_outside_the_runtime_imports_its_internal_packages() throws IOException {
    Path root = root();
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    for (String place : PUBLIC_ONLY) {
      for (Path file : sources(root.resolve(place))) {
        scanned++;
        if (INTERNAL_IMPORT.matcher(Files.readString(file)).find()) {
          offenders.add(root.relativize(file).toString());
        }
      }
    }
    // The scan must have seen the project, or it proves nothing.
    assertThat(scanned).isGreaterThan(50);
    assertWithMessage("files that import io.hyperactor.internal").that(offenders).isEmpty();
  }

  @Test
  void every_internal_package_says_it_is_internal() throws IOException {
    Path internal = root().resolve("impl/src/main/java/io/hyperactor/internal");
    List<Path> packages;
    try (Stream<Path> dirs = Files.walk(internal)) {
      packages =
          dirs.filter(Files::isDirectory)
              .filter(d -> {
                try (Stream<Path> files = Files.list(d)) {
                  return files.anyMatch(f -> f.toString().endsWith(".java"));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
              .toList();
    }
    assertThat(packages).isNotEmpty();
    List<String> silent = new ArrayList<>();
    for (Path dir : packages) {
      Path info = dir.resolve("package-info.java");
      if (!Files.exists(info) || !Files.readString(info).contains(INTERNAL_NOTICE)) {
        silent.add(internal.relativize(dir).toString());
      }
    }
    assertWithMessage("internal packages whose package-info does not say they are internal")
        .that(silent)
        .isEmpty();
  }

  /** The phrase with which a Javadoc names the reason for a Guava type in a public signature. */
  private static final String GUAVA_REASON = "Guava type because";

  private static final String GUAVA_PACKAGE = "com.google.common.";

  /**
   * The packages an application uses, by the source folder that holds them; a name ending in
   * {@code .*} takes its subpackages too.
   */
  private static final Map<String, List<String>> PUBLIC_PACKAGES =
      Map.of(
          "api/src/main/java", List.of("io.hyperactor.*"),
          "config/src/main/java", List.of("io.hyperactor.config"),
          "impl/src/main/java", List.of("io.hyperactor.runtime"),
          "modules/src/main/java", List.of("io.hyperactor.inject"),
          "testkit/src/main/java", List.of("io.hyperactor.testkit"));

  private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

  /**
   * Every public or protected method, constructor, field and record component of a public type in
   * the public packages, and every supertype or type-parameter bound such a type declares, names no
   * {@code com.google.common} type, unless the Javadoc of the member or of its type says "Guava type
   * because" and gives the reason. The Javadoc is read from the source: a member's own is the
   * comment right above a declaration of that name (any overload) that names the Guava type; a
   * record component's is its type's.
   */
  @Test
  void public_signatures_name_no_guava_type_without_a_reason() throws Exception {
    Path root = root();
    List<String> offenders = new ArrayList<>();
    Set<String> exempted = new TreeSet<>();
    int typesScanned = 0;
    for (Map.Entry<String, List<String>> module : PUBLIC_PACKAGES.entrySet()) {
      Path sourceRoot = root.resolve(module.getKey());
      for (String pkg : module.getValue()) {
        for (Path file : packageSources(sourceRoot, pkg)) {
          String className =
              sourceRoot.relativize(file).toString().replace('/', '.').replaceAll("\\.java$", "");
          Class<?> top = Class.forName(className, false, getClass().getClassLoader());
          SourceDocs docs = new SourceDocs(Files.readString(file));
          for (Class<?> type : publicTypes(top)) {
            typesScanned++;
            for (Mention mention : guavaMentions(type)) {
              String where = type.getName() + " " + mention.member() + ": " + mention.guavaType();
              if (docs.givesReason(type, mention)) {
                exempted.add(where);
              } else {
                offenders.add(where);
              }
            }
          }
        }
      }
    }
    // The scan must have seen the public packages, or it proves nothing.
    assertThat(typesScanned).isGreaterThan(150);
    assertWithMessage(
            "public signatures naming a Guava type whose Javadoc does not say \"%s\""
                + " (exempted: %s)",
            GUAVA_REASON,
            exempted)
        .that(offenders)
        .isEmpty();
  }

  /** A member of a public type whose signature names a Guava type. */
  private record Mention(
      String member, String memberName, boolean recordComponent, Class<?> guavaType) {}

  private static List<Path> packageSources(Path sourceRoot, String pkg) throws IOException {
    boolean deep = pkg.endsWith(".*");
    Path dir = sourceRoot.resolve(pkg.replaceAll("\\.\\*$", "").replace('.', '/'));
    assertWithMessage("public package folder %s", dir).that(Files.isDirectory(dir)).isTrue();
    try (Stream<Path> files = deep ? Files.walk(dir) : Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.getFileName().toString().equals("package-info.java"))
          .sorted()
          .toList();
    }
  }

  /** The type, when public, and its nested types that code outside the package can name. */
  private static List<Class<?>> publicTypes(Class<?> top) {
    List<Class<?>> out = new ArrayList<>();
    if (Modifier.isPublic(top.getModifiers())) {
      addWithNested(top, out);
    }
    return out;
  }

  private static void addWithNested(Class<?> type, List<Class<?>> out) {
    out.add(type);
    for (Class<?> nested : type.getDeclaredClasses()) {
      if (visible(nested.getModifiers())) {
        addWithNested(nested, out);
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static List<Mention> guavaMentions(Class<?> type) {
    List<Mention> out = new ArrayList<>();
    Set<String> components = new HashSet<>();
    if (type.isRecord()) {
      for (RecordComponent component : type.getRecordComponents()) {
        components.add(component.getName());
        for (Class<?> guava : guavaTypes(component.getGenericType())) {
          out.add(
              new Mention(
                  "record component " + component.getName(), component.getName(), true, guava));
        }
      }
    }
    List<Type> supertypes = new ArrayList<>(List.of(type.getGenericInterfaces()));
    if (type.getGenericSuperclass() != null) {
      supertypes.add(type.getGenericSuperclass());
    }
    for (TypeVariable<?> variable : type.getTypeParameters()) {
      supertypes.addAll(List.of(variable.getBounds()));
    }
    for (Type supertype : supertypes) {
      for (Class<?> guava : guavaTypes(supertype)) {
        out.add(
            new Mention(
                "supertype " + supertype.getTypeName(), type.getSimpleName(), false, guava));
      }
    }
    for (Field field : type.getDeclaredFields()) {
      if (visible(field.getModifiers()) && !field.isSynthetic()) {
        for (Class<?> guava : guavaTypes(field.getGenericType())) {
          out.add(new Mention("field " + field.getName(), field.getName(), false, guava));
        }
      }
    }
    List<Executable> executables = new ArrayList<>(List.of(type.getDeclaredConstructors()));
    executables.addAll(List.of(type.getDeclaredMethods()));
    for (Executable executable : executables) {
      if (!visible(executable.getModifiers()) || executable.isSynthetic()) {
        continue;
      }
      if (executable instanceof Method method && method.isBridge()) {
        continue;
      }
      List<Type> signature = new ArrayList<>(List.of(executable.getGenericParameterTypes()));
      signature.addAll(List.of(executable.getGenericExceptionTypes()));
      for (TypeVariable<?> variable : executable.getTypeParameters()) {
        signature.addAll(List.of(variable.getBounds()));
      }
      String name;
      if (executable instanceof Method method) {
        signature.add(method.getGenericReturnType());
        name = method.getName();
      } else {
        name = type.getSimpleName();
      }
      // A record's accessors and canonical constructor carry only its components' types, which
      // are reported (and given their reason) as components.
      boolean ofComponents =
          executable instanceof Method method
              ? method.getParameterCount() == 0 && components.contains(name)
              : type.isRecord() && isCanonical((Constructor<?>) executable, type);
      if (ofComponents) {
        continue;
      }
      for (Type part : signature) {
        for (Class<?> guava : guavaTypes(part)) {
          out.add(new Mention(describe(executable), name, false, guava));
        }
      }
    }
    return out;
  }

  private static boolean isCanonical(Constructor<?> constructor, Class<?> record) {
    RecordComponent[] components = record.getRecordComponents();
    Class<?>[] parameters = constructor.getParameterTypes();
    if (components.length != parameters.length) {
      return false;
    }
    for (int i = 0; i < parameters.length; i++) {
      if (components[i].getType() != parameters[i]) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Executable executable) {
    List<String> parameters = new ArrayList<>();
    for (Type parameter : executable.getGenericParameterTypes()) {
      parameters.add(parameter.getTypeName());
    }
    String name = executable instanceof Method ? executable.getName() : "<init>";
    return name + "(" + String.join(", ", parameters) + ")";
  }

  /** The Guava classes a type names anywhere in it: arguments, bounds, owners, array elements. */
  private static Set<Class<?>> guavaTypes(Type type) {
    Set<Class<?>> found = new HashSet<>();
    collectGuavaTypes(type, found, new HashSet<>());
    return found;
  }

  private static void collectGuavaTypes(Type type, Set<Class<?>> found, Set<Type> seen) {
    if (!seen.add(type)) {
      return;
    }
    switch (type) {
      case Class<?> c -> {
        Class<?> element = c;
        while (element.isArray()) {
          element = element.getComponentType();
        }
        if (element.getName().startsWith(GUAVA_PACKAGE)) {
          found.add(element);
        }
      }
      case ParameterizedType p -> {
        collectGuavaTypes(p.getRawType(), found, seen);
        if (p.getOwnerType() != null) {
          collectGuavaTypes(p.getOwnerType(), found, seen);
        }
        for (Type argument : p.getActualTypeArguments()) {
          collectGuavaTypes(argument, found, seen);
        }
      }
      case GenericArrayType a -> collectGuavaTypes(a.getGenericComponentType(), found, seen);
      case WildcardType w -> {
        for (Type bound : w.getUpperBounds()) {
          collectGuavaTypes(bound, found, seen);
        }
        for (Type bound : w.getLowerBounds()) {
          collectGuavaTypes(bound, found, seen);
        }
      }
      case TypeVariable<?> v -> {
        for (Type bound : v.getBounds()) {
          collectGuavaTypes(bound, found, seen);
        }
      }
      default -> throw new AssertionError("unexpected kind of type " + type);
    }
  }

  /**
   * The Javadoc comments of one source file, each with the declaration it documents (the text up to
   * the declaration's body, initializer or end).
   */
  private static final class SourceDocs {
    private static final Pattern TYPE_DECLARATION =
        Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Za-z_$][\\w$]*)");

    /** How far past a comment its declaration is looked for; far more than any signature. */
    private static final int DECLARATION_WINDOW = 2000;

    /** A Javadoc comment's text and the declaration it documents. */
    private record Doc(String declaration, String text) {}

    private final List<Doc> docs = new ArrayList<>();
    private final Map<String, String> typeDocs = new HashMap<>();

    SourceDocs(String source) {
      Matcher javadoc = JAVADOC.matcher(source);
      while (javadoc.find()) {
        // Annotations go first, as their arguments may hold the characters that end a declaration.
        String rest =
            withoutAnnotations(
                source.substring(
                    javadoc.end(), Math.min(source.length(), javadoc.end() + DECLARATION_WINDOW)));
        int end = rest.length();
        for (char stop : new char[] {'{', ';', '='}) {
          int at = rest.indexOf(stop);
          if (at >= 0 && at < end) {
            end = at;
          }
        }
        String declaration = rest.substring(0, end);
        String text = prose(javadoc.group(1));
        docs.add(new Doc(declaration, text));
        Matcher type = TYPE_DECLARATION.matcher(declaration);
        if (type.find()) {
          typeDocs.put(type.group(1), text);
        }
      }
    }

    /** A comment's text as one line: the leading {@code *} of each line and the breaks removed. */
    private static String prose(String comment) {
      return comment.replaceAll("\\s*\\R\\s*\\*?\\s*", " ").replaceAll("\\s+", " ");
    }

    private static String withoutAnnotations(String declaration) {
      return declaration.replaceAll("@[\\w.]+(\\([^)]*\\))?", " ");
    }

    boolean givesReason(Class<?> type, Mention mention) {
      String typeDoc = typeDocs.getOrDefault(type.getSimpleName(), "");
      if (typeDoc.contains(GUAVA_REASON)) {
        return true;
      }
      if (mention.recordComponent()) {
        return false;
      }
      Pattern named = Pattern.compile("\\b" + Pattern.quote(mention.memberName()) + "\\s*[(;]");
      for (Doc doc : docs) {
        // The declaration text stops before a body, an initializer or the end; the ";" lets a
        // field's name match as a method's does before its "(".
        String declaration = doc.declaration() + ";";
        if (named.matcher(declaration).find()
            && declaration.contains(mention.guavaType().getSimpleName())
            && doc.text().contains(GUAVA_REASON)) {
          return true;
        }
      }
      return false;
    }
  }
}
