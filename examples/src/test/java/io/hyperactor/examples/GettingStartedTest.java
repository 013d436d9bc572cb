package io.hyperactor.examples;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hello world of docs/getting-started.md is the code of {@link HelloWorld}, and it runs. */
class GettingStartedTest {

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("docs/getting-started.md"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  /** The first java block of the doc's "Hello, actor" section, lines stripped, blanks dropped. */
  private static List<String> docHelloWorld() throws Exception {
    String doc = Files.readString(root().resolve("docs/getting-started.md"));
    String section = doc.substring(doc.indexOf("## 2. Hello, actor"));
    String block = section.substring(section.indexOf("```java") + 7, section.indexOf("```", section.indexOf("```java") + 7));
    List<String> lines = new ArrayList<>();
    for (String line : block.strip().split("\n")) {
      lines.add(line.strip());
    }
    return lines;
  }

  private static List<String> exampleLines() throws Exception {
    String source =
        Files.readString(root().resolve("examples/src/main/java/io/hyperactor/examples/HelloWorld.java"));
    String region =
        source.substring(
            source.indexOf("// getting-started: begin") + "// getting-started: begin".length(),
            source.indexOf("// getting-started: end"));
    List<String> lines = new ArrayList<>();
    for (String line : region.strip().split("\n")) {
      String stripped = line.strip();
      // The example's own doc comments, modifiers and wrapper are not part of the snippet.
      if (!stripped.startsWith("/**") && !stripped.startsWith("public static void main")) {
        lines.add(stripped.replace("static final class", "final class"));
      }
    }
    return lines;
  }

  @Test
  void the_doc_hello_world_is_at_most_fifteen_lines_ask_included() throws Exception {
    List<String> doc = docHelloWorld();
    assertThat(doc.size()).isAtMost(15);
    assertThat(String.join("\n", doc)).contains(".ask(");
  }

  @Test
  void every_line_of_the_doc_hello_world_is_in_the_example_in_order() throws Exception {
    List<String> example = exampleLines();
    int at = 0;
    for (String line : docHelloWorld()) {
      if (line.isEmpty()) {
        continue;
      }
      int found = example.subList(at, example.size()).indexOf(line);
      assertWithMessage("doc line not in HelloWorld.java (in order): %s", line).that(found).isAtLeast(0);
      at += found + 1;
    }
  }

  @Test
  void the_example_prints_the_greeting() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      HelloWorld.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Hello, world!" + System.lineSeparator());
  }
}
