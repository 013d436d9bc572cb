package io.hyperactor.internal.json;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperactor.mesh.ValueMesh;

/**
 * Value meshes to and from JSON, in upstream's form (see {@link MeshJsonModule}).
 *
 * <pre>{@code
 * String json = ValueMeshJson.write(mesh);
 * ValueMesh<Integer> back = ValueMeshJson.read(json, Integer.class);
 * }</pre>
 *
 * <p>Values are written and read by a plain Jackson mapper: numbers, strings, booleans, lists, maps
 * and records. For other value types register {@link MeshJsonModule} on a mapper configured for
 * them. Thread-safe.
 */
public final class ValueMeshJson {
  // An ObjectMapper is thread-safe once configured; this one is never reconfigured.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().registerModule(new MeshJsonModule());

  private ValueMeshJson() {}

  /**
   * The JSON of {@code mesh}.
   *
   * @throws IllegalArgumentException when a value cannot be written as JSON
   */
  public static String write(ValueMesh<?> mesh) {
    checkNotNull(mesh, "mesh");
    try {
      return MAPPER.writeValueAsString(mesh);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write value mesh as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The mesh of values of {@code elementType} that {@code json} describes.
   *
   * @throws IllegalArgumentException naming the problem when the JSON is malformed, a value is not
   *     of {@code elementType}, or the values or runs do not cover the region exactly
   */
  public static <T> ValueMesh<T> read(String json, Class<T> elementType) {
    checkNotNull(json, "json");
    checkNotNull(elementType, "elementType");
    JavaType type = MAPPER.getTypeFactory().constructParametricType(ValueMesh.class, elementType);
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed value mesh JSON: " + e.getOriginalMessage(), e);
    }
  }
}
