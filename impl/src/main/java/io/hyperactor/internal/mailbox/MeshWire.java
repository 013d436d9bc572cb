package io.hyperactor.internal.mailbox;

import com.google.common.collect.ImmutableList;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.hyperactor.codec.CodecException;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Slice;
import io.hyperactor.mesh.ValueMesh;
import java.io.IOException;
import java.util.List;

/**
 * The wire form of regions and value meshes inside the {@link ValueCodec} encoding.
 *
 * <p>A region is its labels, offset, sizes and strides; decoding rebuilds it through {@link
 * Region#of}, which validates the slice. A value mesh is its region, a representation tag (0
 * dense, 1 compressed) and then either its values or its table and runs; decoding rebuilds it
 * through {@link ValueMesh#of(Region, ValueMesh.Rep)}, which checks that the values or runs cover
 * the region exactly. The representation survives the round trip.
 */
final class MeshWire {
  private static final int DENSE = 0;
  private static final int COMPRESSED = 1;

  /** Encodes one element, in the codec's tagged form. */
  interface ElementWriter {
    void write(Object value) throws IOException;
  }

  /** Decodes one element, refusing null. */
  interface ElementReader {
    Object read() throws IOException;
  }

  /** Reads a count, refusing one larger than the bytes left could hold. */
  interface CountReader {
    int count(String what) throws IOException;
  }

  private MeshWire() {}

  static void writeRegion(CodedOutputStream out, Region region) throws IOException {
    List<String> labels = region.labels();
    Slice slice = region.slice();
    out.writeUInt32NoTag(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.writeStringNoTag(labels.get(i));
      out.writeUInt32NoTag(slice.size(i));
      out.writeUInt32NoTag(slice.stride(i));
    }
    out.writeUInt32NoTag(slice.offset());
  }

  static Region readRegion(CodedInputStream in, CountReader counts) throws IOException {
    int n = counts.count("region dimensions");
    ImmutableList.Builder<String> labels = ImmutableList.builderWithExpectedSize(n);
    int[] sizes = new int[n];
    int[] strides = new int[n];
    for (int i = 0; i < n; i++) {
      labels.add(in.readStringRequireUtf8());
      sizes[i] = nonNegative(in.readUInt32(), "size");
      strides[i] = nonNegative(in.readUInt32(), "stride");
    }
    int offset = nonNegative(in.readUInt32(), "offset");
    return Region.of(labels.build(), Slice.of(offset, sizes, strides));
  }

  static void writeValueMesh(CodedOutputStream out, ValueMesh<?> mesh, ElementWriter elements)
      throws IOException {
    writeRegion(out, mesh.region());
    switch (mesh.rep()) {
      case ValueMesh.Dense<?> d -> {
        out.writeRawByte(DENSE);
        writeAll(out, d.values(), elements);
      }
      case ValueMesh.Compressed<?> c -> {
        out.writeRawByte(COMPRESSED);
        writeAll(out, c.table(), elements);
        out.writeUInt32NoTag(c.runs().size());
        for (ValueMesh.Run r : c.runs()) {
          out.writeUInt64NoTag(r.start());
          out.writeUInt64NoTag(r.end());
          out.writeUInt32NoTag(r.id());
        }
      }
    }
  }

  private static void writeAll(CodedOutputStream out, List<?> values, ElementWriter elements)
      throws IOException {
    out.writeUInt32NoTag(values.size());
    for (Object v : values) {
      elements.write(v);
    }
  }

  static ValueMesh<Object> readValueMesh(
      CodedInputStream in, CountReader counts, ElementReader elements) throws IOException {
    Region region = readRegion(in, counts);
    int tag = in.readRawByte();
    ValueMesh.Rep<Object> rep =
        switch (tag) {
          case DENSE -> new ValueMesh.Dense<>(readAll(counts.count("mesh values"), elements));
          case COMPRESSED -> {
            ImmutableList<Object> table = readAll(counts.count("mesh table"), elements);
            int n = counts.count("mesh runs");
            ImmutableList.Builder<ValueMesh.Run> runs = ImmutableList.builderWithExpectedSize(n);
            for (int i = 0; i < n; i++) {
              runs.add(new ValueMesh.Run(in.readUInt64(), in.readUInt64(), in.readUInt32()));
            }
            yield new ValueMesh.Compressed<>(table, runs.build());
          }
          default ->
              throw new CodecException(
                  "malformed payload: unknown value mesh representation " + tag);
        };
    return ValueMesh.of(region, rep);
  }

  private static ImmutableList<Object> readAll(int n, ElementReader elements) throws IOException {
    ImmutableList.Builder<Object> values = ImmutableList.builderWithExpectedSize(n);
    for (int i = 0; i < n; i++) {
      values.add(elements.read());
    }
    return values.build();
  }

  private static int nonNegative(int value, String what) {
    if (value < 0) {
      throw new CodecException(
          "malformed payload: region " + what + " " + Integer.toUnsignedString(value));
    }
    return value;
  }
}
