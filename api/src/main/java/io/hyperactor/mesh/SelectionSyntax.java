package io.hyperactor.mesh;

import static io.hyperactor.mesh.GeometryException.Kind.PARSE_ERROR;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The surface syntax of selections: a recursive-descent parser of
 *
 * <pre>
 * expression   ::= intersection ( "|" intersection )*
 * intersection ::= chain ( "&amp;" chain )*
 * chain        ::= group ( "," group )*
 * group        ::= "(" expression ")" | range | index | "*" | "?"
 * range        ::= number? ":" number? ( ":" number )?
 * index        ::= number
 * </pre>
 *
 * <p>(whitespace stripped first), and the compact printer that writes it.
 */
final class SelectionSyntax {
  private final String input;
  private int pos;

  private SelectionSyntax(String input) {
    this.input = input;
  }

  static Selection parse(String text) {
    StringBuilder stripped = new StringBuilder(text.length());
    text.codePoints().filter(c -> !Character.isWhitespace(c)).forEach(stripped::appendCodePoint);
    SelectionSyntax parser = new SelectionSyntax(stripped.toString());
    Selection selection = parser.expression();
    if (parser.pos != parser.input.length()) {
      throw parser.error("unexpected '" + parser.input.charAt(parser.pos) + "'");
    }
    return selection;
  }

  private Selection expression() {
    Selection result = intersection();
    while (consume('|')) {
      result = Selection.union(result, intersection());
    }
    return result;
  }

  private Selection intersection() {
    Selection result = chain();
    while (consume('&')) {
      result = Selection.intersection(result, chain());
    }
    return result;
  }

  private Selection chain() {
    List<Selection> groups = new ArrayList<>();
    groups.add(group());
    while (consume(',')) {
      groups.add(group());
    }
    Selection tail = Selection.TRUE;
    for (int i = groups.size() - 1; i >= 0; i--) {
      tail = nest(groups.get(i), tail);
    }
    return tail;
  }

  // Replaces the trailing `true` of a group with the rest of the chain; a union or intersection
  // in a group continues with the rest of the chain in both branches.
  private static Selection nest(Selection dim, Selection tail) {
    return switch (dim) {
      case Selection.All(Selection inner) -> Selection.all(nest(inner, tail));
      case Selection.Any(Selection inner) -> Selection.any(nest(inner, tail));
      case Selection.InRange(Range range, Selection inner) ->
          Selection.range(range, nest(inner, tail));
      case Selection.Union(Selection a, Selection b) ->
          Selection.union(nest(a, tail), nest(b, tail));
      case Selection.Intersection(Selection a, Selection b) ->
          Selection.intersection(nest(a, tail), nest(b, tail));
      case Selection.True t -> tail;
      case Selection.False f -> Selection.FALSE;
      // The parser produces none of these.
      case Selection.First f -> throw new IllegalStateException("unexpected " + f);
      case Selection.Label l -> throw new IllegalStateException("unexpected " + l);
    };
  }

  private Selection group() {
    if (consume('(')) {
      Selection inner = expression();
      if (!consume(')')) {
        throw error("expected ')'");
      }
      return inner;
    }
    if (consume('*')) {
      return Selection.all();
    }
    if (consume('?')) {
      return Selection.any();
    }
    Integer start = number();
    if (consume(':')) {
      Integer end = number();
      int step = 1;
      if (consume(':')) {
        Integer parsedStep = number();
        if (parsedStep == null) {
          throw error("expected a step after the second ':'");
        }
        if (parsedStep < 1) {
          throw error("a range step must be at least 1");
        }
        step = parsedStep;
      }
      int first = start == null ? 0 : start;
      return Selection.range(end == null ? Range.from(first, step) : Range.of(first, end, step));
    }
    if (start == null) {
      throw error("expected '(', '*', '?', a number or a range");
    }
    return Selection.range(start);
  }

  private @Nullable Integer number() {
    int begin = pos;
    while (pos < input.length() && input.charAt(pos) >= '0' && input.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == begin) {
      return null;
    }
    try {
      return Integer.parseInt(input.substring(begin, pos));
    } catch (NumberFormatException tooLarge) {
      pos = begin;
      throw error("number too large");
    }
  }

  private boolean consume(char c) {
    if (pos < input.length() && input.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private GeometryException error(String what) {
    return GeometryException.of(
        PARSE_ERROR,
        "failed to parse selection \"%s\": %s at position %s",
        input,
        what,
        pos);
  }

  /** The surface syntax of {@code selection}. */
  static String compact(Selection selection) {
    return switch (selection) {
      case Selection.True t -> "";
      case Selection.All(Selection inner) -> continued("*", compact(inner));
      case Selection.Any(Selection inner) -> continued("?", compact(inner));
      case Selection.InRange(Range range, Selection inner) -> {
        String r;
        if (range.end().isEmpty()) {
          r = range.start() + "::" + range.step();
        } else if (range.step() == 1) {
          r = range.start() + ":" + range.end().getAsInt();
        } else {
          r = range.start() + ":" + range.end().getAsInt() + ":" + range.step();
        }
        yield continued(r, compact(inner));
      }
      case Selection.Union(Selection a, Selection b) ->
          "(" + compact(a) + "|" + compact(b) + ")";
      case Selection.Intersection(Selection a, Selection b) ->
          "(" + compact(a) + "&" + compact(b) + ")";
      case Selection.False f -> throw noSyntax(f);
      case Selection.First f -> throw noSyntax(f);
      case Selection.Label l -> throw noSyntax(l);
    };
  }

  private static String continued(String head, String rest) {
    return rest.isEmpty() ? head : head + "," + rest;
  }

  private static GeometryException noSyntax(Selection selection) {
    return GeometryException.of(
        GeometryException.Kind.UNSUPPORTED_SELECTION,
        "%s has no compact surface syntax",
        selection);
  }
}
