package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.primitives.Ints;
import java.util.ArrayList;
import java.util.List;

/**
 * A point of an {@link Extent}: its row-major rank together with the extent. Coordinates are
 * derived from the rank.
 *
 * <p>Equality is by rank and extent. Displayed as {@code hosts=1/4,gpus=2/8} (coordinate / size per
 * dimension, labels quoted as {@link Extent} quotes them); the point of a 0-dimensional extent
 * displays as the empty string. {@link #parse} reads that form back.
 *
 * <pre>{@code
 * Point p = Extent.of("hosts", 4, "gpus", 8).point(1, 2);
 * p.rank();        // 10
 * p.coord(1);      // 2
 * p.toString();    // hosts=1/4,gpus=2/8
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class Point {
  private final int rank;
  private final Extent extent;

  Point(int rank, Extent extent) {
    this.rank = rank;
    this.extent = extent;
  }

  /** The row-major rank of this point in its extent. */
  public int rank() {
    return rank;
  }

  /** The extent this point belongs to. */
  public Extent extent() {
    return extent;
  }

  /** The number of dimensions (of the extent). */
  public int numDims() {
    return extent.numDims();
  }

  /** The coordinates, one per dimension. */
  public List<Integer> coords() {
    return Ints.asList(coordArray());
  }

  int[] coordArray() {
    int n = extent.numDims();
    int[] coords = new int[n];
    int stride = extent.numRanks();
    int rest = rank;
    for (int i = 0; i < n; i++) {
      stride /= extent.sizeAt(i);
      coords[i] = rest / stride;
      rest %= stride;
    }
    return coords;
  }

  /**
   * The coordinate along dimension {@code axis}.
   *
   * @throws IndexOutOfBoundsException when {@code axis} is not below {@link #numDims()}
   */
  public int coord(int axis) {
    checkElementIndex(axis, extent.numDims(), "axis");
    return coordArray()[axis];
  }

  /**
   * The coordinates as a Python-style dict, for display names: {@code {'hosts': 1/4, 'gpus': 2/8}}.
   * Labels are single-quoted and never escaped.
   */
  public String formatAsDict() {
    int[] coords = coordArray();
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < coords.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append('\'')
          .append(extent.labels().get(i))
          .append("': ")
          .append(coords[i])
          .append('/')
          .append(extent.sizeAt(i));
    }
    return out.append('}').toString();
  }

  /**
   * The display name of the actor at {@code point} of a mesh whose actors are named {@code base}:
   * {@code base} itself for a 0-dimensional point, else {@code base} with {@link #formatAsDict()}
   * inserted before its last {@code '>'} (appended when it has none). So {@code "<m.C train>"}
   * becomes {@code "<m.C train{'hosts': 0/2}>"}.
   */
  public static String actorDisplayName(String base, Point point) {
    checkNotNull(base, "base");
    if (point.numDims() == 0) {
      return base;
    }
    int close = base.lastIndexOf('>');
    String dict = point.formatAsDict();
    return close < 0 ? base + dict : base.substring(0, close) + dict + base.substring(close);
  }

  /**
   * Parses the display form {@code label=coord/size,...}: spaces are allowed around {@code =},
   * {@code /} and {@code ,}, labels may be double-quoted, and empty or blank text is the point of
   * the 0-dimensional extent.
   *
   * @throws GeometryException {@code PARSE_ERROR} for malformed text, or as {@link
   *     Extent#point(int...)} when a coordinate is outside its size
   */
  public static Point parse(String text) {
    checkNotNull(text, "text");
    TextScanner in = new TextScanner(text.strip(), "point");
    List<String> labels = new ArrayList<>();
    List<Integer> coords = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    while (true) {
      in.skipSpaces();
      if (in.atEnd()) {
        break;
      }
      String label = in.readLabel("= \t");
      in.skipSpaces();
      in.expect('=', "after label '" + label + "'");
      in.skipSpaces();
      String coord = in.readUntil("/ \t");
      if (coord.isEmpty()) {
        throw in.error("missing coordinate for dimension '%s'", label);
      }
      in.skipSpaces();
      in.expect('/', "after coordinate for dimension '" + label + "'");
      in.skipSpaces();
      String size = in.readUntil(", \t");
      if (size.isEmpty()) {
        throw in.error("missing size for dimension '%s'", label);
      }
      coords.add(in.number(coord, "coordinate for dimension '" + label + "'"));
      sizes.add(in.number(size, "size for dimension '" + label + "'"));
      labels.add(label);
      in.skipSpaces();
      if (in.tryConsume(',')) {
        in.skipSpaces();
        if (in.atEnd()) {
          throw in.error("trailing comma");
        }
      }
    }
    return Extent.of(labels, sizes).point(Ints.toArray(coords));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Point p && p.rank == rank && p.extent.equals(extent);
  }

  @Override
  public int hashCode() {
    return extent.hashCode() * 31 + rank;
  }

  /** {@code label=coord/size,...}, or the empty string for a 0-dimensional point. */
  @Override
  public String toString() {
    int[] coords = coordArray();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < coords.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(LabelSyntax.format(extent.labels().get(i)))
          .append('=')
          .append(coords[i])
          .append('/')
          .append(extent.sizeAt(i));
    }
    return out.toString();
  }
}
