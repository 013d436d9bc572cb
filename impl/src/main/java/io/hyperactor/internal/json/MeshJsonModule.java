package io.hyperactor.internal.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.Slice;
import io.hyperactor.mesh.ValueMesh;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Jackson module for {@link Region} and {@link ValueMesh}, in upstream's JSON form.
 *
 * <p>A region is {@code {"labels": [...], "slice": {"offset": 0, "sizes": [...], "strides":
 * [...]}}}. A mesh is {@code {"region": ..., "rep": {"Dense": {"values": [...]}}}} or {@code
 * {"region": ..., "rep": {"Compressed": {"table": [...], "runs": [{"start": 0, "end": 3, "id": 0},
 * ...]}}}}: the representation's tag is kept, as upstream's serde form keeps it. Values are written
 * and read by the mapper, as the mesh's declared element type (a {@code ValueMesh<Status>} needs a
 * mapper that can read {@code Status}).
 *
 * <p>Reading validates like the binary form: the region through {@link Region#of}, the mesh through
 * {@link ValueMesh#of(Region, ValueMesh.Rep)}; a violation is a {@code JsonMappingException} naming
 * it.
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper().registerModule(new MeshJsonModule());
 * String json = mapper.writeValueAsString(mesh);
 * ValueMesh<Integer> back = mapper.readValue(json, new TypeReference<ValueMesh<Integer>>() {});
 * }</pre>
 */
public final class MeshJsonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** A module registering the serializers and deserializers of regions and value meshes. */
  public MeshJsonModule() {
    super("hyperactor-mesh");
    addSerializer(Region.class, new RegionSerializer());
    addDeserializer(Region.class, new RegionDeserializer());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<ValueMesh<?>> meshClass = (Class) ValueMesh.class;
    addSerializer(meshClass, new ValueMeshSerializer());
    addDeserializer(meshClass, new ValueMeshDeserializer(null));
  }

  private static final class RegionSerializer extends StdSerializer<Region> {
    private static final long serialVersionUID = 1L;

    RegionSerializer() {
      super(Region.class);
    }

    @Override
    public void serialize(Region region, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      Slice slice = region.slice();
      gen.writeStartObject();
      gen.writeArrayFieldStart("labels");
      for (String label : region.labels()) {
        gen.writeString(label);
      }
      gen.writeEndArray();
      gen.writeObjectFieldStart("slice");
      gen.writeNumberField("offset", slice.offset());
      writeInts(gen, "sizes", slice.sizes());
      writeInts(gen, "strides", slice.strides());
      gen.writeEndObject();
      gen.writeEndObject();
    }

    private static void writeInts(JsonGenerator gen, String name, List<Integer> values)
        throws IOException {
      gen.writeArrayFieldStart(name);
      for (int v : values) {
        gen.writeNumber(v);
      }
      gen.writeEndArray();
    }
  }

  private static final class RegionDeserializer extends JsonDeserializer<Region> {
    @Override
    public Region deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return readRegion(p, ctxt.readTree(p));
    }
  }

  static Region readRegion(JsonParser p, JsonNode node) throws IOException {
    JsonNode labels = field(p, node, "labels", "region");
    JsonNode slice = field(p, node, "slice", "region");
    ImmutableList.Builder<String> names = ImmutableList.builder();
    for (JsonNode label : array(p, labels, "region labels")) {
      if (!label.isTextual()) {
        throw mismatch(p, "region label " + label + " is not a string");
      }
      names.add(label.textValue());
    }
    try {
      return Region.of(
          names.build(),
          Slice.of(
              integer(p, field(p, slice, "offset", "slice"), "slice offset"),
              ints(p, field(p, slice, "sizes", "slice"), "slice sizes"),
              ints(p, field(p, slice, "strides", "slice"), "slice strides")));
    } catch (IllegalArgumentException e) {
      throw mismatch(p, "invalid region: " + e.getMessage());
    }
  }

  private static final class ValueMeshSerializer extends StdSerializer<ValueMesh<?>> {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ValueMeshSerializer() {
      super((Class) ValueMesh.class);
    }

    @Override
    public void serialize(ValueMesh<?> mesh, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeStartObject();
      gen.writeFieldName("region");
      provider.findValueSerializer(Region.class).serialize(mesh.region(), gen, provider);
      gen.writeObjectFieldStart("rep");
      switch (mesh.rep()) {
        case ValueMesh.Dense<?> d -> {
          gen.writeObjectFieldStart("Dense");
          writeValues(gen, provider, "values", d.values());
          gen.writeEndObject();
        }
        case ValueMesh.Compressed<?> c -> {
          gen.writeObjectFieldStart("Compressed");
          writeValues(gen, provider, "table", c.table());
          gen.writeArrayFieldStart("runs");
          for (ValueMesh.Run r : c.runs()) {
            gen.writeStartObject();
            gen.writeNumberField("start", r.start());
            gen.writeNumberField("end", r.end());
            gen.writeNumberField("id", r.id());
            gen.writeEndObject();
          }
          gen.writeEndArray();
          gen.writeEndObject();
        }
      }
      gen.writeEndObject();
      gen.writeEndObject();
    }

    private static void writeValues(
        JsonGenerator gen, SerializerProvider provider, String name, List<?> values)
        throws IOException {
      gen.writeArrayFieldStart(name);
      for (Object v : values) {
        provider.defaultSerializeValue(v, gen);
      }
      gen.writeEndArray();
    }
  }

  /** Reads a mesh whose values are of the element type of the property or root type. */
  private static final class ValueMeshDeserializer extends JsonDeserializer<ValueMesh<?>>
      implements ContextualDeserializer {
    private final @Nullable JavaType elementType;

    ValueMeshDeserializer(@Nullable JavaType elementType) {
      this.elementType = elementType;
    }

    @Override
    public JsonDeserializer<?> createContextual(
        DeserializationContext ctxt, @Nullable BeanProperty property) {
      JavaType type = property != null ? property.getType() : ctxt.getContextualType();
      JavaType element =
          type == null || type.containedTypeCount() == 0
              ? ctxt.constructType(Object.class)
              : type.containedType(0);
      return new ValueMeshDeserializer(element);
    }

    @Override
    public ValueMesh<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JavaType element = elementType != null ? elementType : ctxt.constructType(Object.class);
      JsonNode node = ctxt.readTree(p);
      Region region = readRegion(p, field(p, node, "region", "value mesh"));
      JsonNode rep = field(p, node, "rep", "value mesh");
      if (!rep.isObject() || rep.size() != 1) {
        throw mismatch(p, "value mesh rep must be {\"Dense\": ...} or {\"Compressed\": ...}");
      }
      Map.Entry<String, JsonNode> tagged = rep.properties().iterator().next();
      ValueMesh.Rep<Object> parsed =
          switch (tagged.getKey()) {
            case "Dense" ->
                new ValueMesh.Dense<>(
                    values(p, ctxt, field(p, tagged.getValue(), "values", "Dense"), element));
            case "Compressed" -> {
              JsonNode c = tagged.getValue();
              ImmutableList<Object> table =
                  values(p, ctxt, field(p, c, "table", "Compressed"), element);
              ImmutableList.Builder<ValueMesh.Run> runs = ImmutableList.builder();
              for (JsonNode r : array(p, field(p, c, "runs", "Compressed"), "runs")) {
                try {
                  runs.add(
                      new ValueMesh.Run(
                          longValue(p, field(p, r, "start", "run"), "run start"),
                          longValue(p, field(p, r, "end", "run"), "run end"),
                          integer(p, field(p, r, "id", "run"), "run id")));
                } catch (IllegalArgumentException e) {
                  throw mismatch(p, "invalid run " + r + ": " + e.getMessage());
                }
              }
              yield new ValueMesh.Compressed<>(table, runs.build());
            }
            default ->
                throw mismatch(
                    p,
                    "unknown value mesh representation '"
                        + tagged.getKey()
                        + "': expected Dense or Compressed");
          };
      try {
        return ValueMesh.of(region, parsed);
      } catch (IllegalArgumentException e) {
        throw mismatch(p, e.getMessage());
      }
    }

    private static ImmutableList<Object> values(
        JsonParser p, DeserializationContext ctxt, JsonNode array, JavaType element)
        throws IOException {
      ImmutableList.Builder<Object> out = ImmutableList.builder();
      for (JsonNode v : array(p, array, "values")) {
        Object value = ctxt.readTreeAsValue(v, element);
        if (value == null) {
          throw mismatch(p, "value mesh values cannot be null");
        }
        out.add(value);
      }
      return out.build();
    }
  }

  private static JsonNode field(JsonParser p, JsonNode node, String name, String in)
      throws IOException {
    JsonNode value = node.isObject() ? node.get(name) : null;
    if (value == null || value.isNull()) {
      throw mismatch(p, in + " has no field '" + name + "'");
    }
    return value;
  }

  private static Iterable<JsonNode> array(JsonParser p, JsonNode node, String what)
      throws IOException {
    if (!node.isArray()) {
      throw mismatch(p, what + " must be an array, got " + node);
    }
    return () -> {
      Iterator<JsonNode> it = node.elements();
      return it;
    };
  }

  private static List<Integer> ints(JsonParser p, JsonNode node, String what) throws IOException {
    ImmutableList.Builder<Integer> out = ImmutableList.builder();
    for (JsonNode v : array(p, node, what)) {
      out.add(integer(p, v, what));
    }
    return out.build();
  }

  private static int integer(JsonParser p, JsonNode node, String what) throws IOException {
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw mismatch(p, what + " must be an integer, got " + node);
    }
    return node.intValue();
  }

  private static long longValue(JsonParser p, JsonNode node, String what) throws IOException {
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw mismatch(p, what + " must be an integer, got " + node);
    }
    return node.longValue();
  }

  private static IOException mismatch(JsonParser p, String message) {
    return com.fasterxml.jackson.databind.exc.MismatchedInputException.from(
        p, ValueMesh.class, message);
  }
}
