package io.hyperactor.config;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads Java source files as code: comments removed, string and character literals kept, so a key
 * named only in a Javadoc {@code @link} or a comment does not count as read.
 */
final class JavaSources {
  private static final String ATTRS = HyperactorAttrs.class.getSimpleName();
  private static final String ATTRS_QUALIFIED = HyperactorAttrs.class.getName();
  private static final Pattern IMPORT = Pattern.compile("\\bimport\\s+(static\\s+)?[\\w.\\s*]+;");

  private JavaSources() {}

  /** The code of every {@code .java} file under {@code dir}, comments removed. */
  static ImmutableList<String> codeUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .sorted()
          .map(JavaSources::read)
          .map(JavaSources::withoutComments)
          .collect(ImmutableList.toImmutableList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * True when {@code code} refers to the registry constant {@code constant}: {@code
   * HyperactorAttrs.X} (qualified or not), or {@code X} after a static import of it or of {@code
   * HyperactorAttrs.*}.
   */
  static boolean refersTo(String code, String constant) {
    String body = IMPORT.matcher(code).replaceAll(" ");
    Pattern qualified =
        Pattern.compile("\\b" + ATTRS + "\\s*\\.\\s*" + Pattern.quote(constant) + "\\b");
    if (qualified.matcher(body).find()) {
      return true;
    }
    Pattern staticImport =
        Pattern.compile(
            "import\\s+static\\s+"
                + Splitter.on('.')
                    .splitToStream(ATTRS_QUALIFIED)
                    .map(Pattern::quote)
                    .collect(Collectors.joining("\\s*\\.\\s*"))
                + "\\s*\\.\\s*("
                + Pattern.quote(constant)
                + "|\\*)\\s*;");
    return staticImport.matcher(code).find()
        && Pattern.compile("(?<![\\w.])" + Pattern.quote(constant) + "\\b").matcher(body).find();
  }

  /**
   * {@code source} with its {@code //} and {@code /* *\/} comments replaced by spaces; string,
   * text-block and character literals are kept as they are.
   */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = literalEnd(source, i + 3, "\"\"\"");
        out.append(source, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        int end = literalEnd(source, i + 1, String.valueOf(c));
        out.append(source, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index just past the closing {@code quote} of a literal whose body starts at {@code i}. */
  private static int literalEnd(String source, int i, String quote) {
    int n = source.length();
    while (i < n) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (source.startsWith(quote, i)) {
        return i + quote.length();
      } else {
        i++;
      }
    }
    return n;
  }
}
