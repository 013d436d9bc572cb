package io.hyperactor.internal.json;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperactor.mesh.Extent;
import io.hyperactor.mesh.Range;
import io.hyperactor.mesh.Region;
import io.hyperactor.mesh.ValueMesh;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON round trips of upstream {@code value_mesh.rs}: the representation tag survives. */
class ValueMeshJsonTest {
  private final ObjectMapper mapper = new ObjectMapper().registerModule(new MeshJsonModule());

  @Test
  void testDenseRoundTripJson() throws Exception {
    ValueMesh<Integer> dense = ValueMesh.of(Extent.of("x", 5).region(), List.of(1, 2, 3, 4, 5));
    String json = ValueMeshJson.write(dense);
    ValueMesh<Integer> restored = ValueMeshJson.read(json, Integer.class);
    assertThat(restored).isEqualTo(dense);
    assertThat(restored.rep()).isEqualTo(dense.rep());

    JsonNode tree = mapper.readTree(json);
    assertThat(tree.path("rep").has("Dense")).isTrue();
    assertThat(tree.toString())
        .isEqualTo(
            "{\"region\":{\"labels\":[\"x\"],\"slice\":{\"offset\":0,\"sizes\":[5],"
                + "\"strides\":[1]}},\"rep\":{\"Dense\":{\"values\":[1,2,3,4,5]}}}");
  }

  @Test
  void testCompressedRoundTripJson() throws Exception {
    ValueMesh<Integer> mesh =
        ValueMesh.of(Extent.of("x", 10).region(), List.of(1, 1, 1, 2, 2, 3, 3, 3, 3, 3))
            .compressAdjacent();
    String json = ValueMeshJson.write(mesh);
    ValueMesh<Integer> restored = ValueMeshJson.read(json, Integer.class);
    assertThat(restored).isEqualTo(mesh);
    assertThat(restored.rep()).isEqualTo(mesh.rep());
    JsonNode compressed = mapper.readTree(json).path("rep").path("Compressed");
    assertThat(compressed.path("table").toString()).isEqualTo("[1,2,3]");
    assertThat(compressed.path("runs").get(1).toString())
        .isEqualTo("{\"start\":3,\"end\":5,\"id\":1}");
  }

  @Test
  void testStableRunEncoding() throws Exception {
    ValueMesh.Run run = new ValueMesh.Run(0, 10, 42);
    String json = mapper.writeValueAsString(run);
    assertThat(json).isEqualTo("{\"start\":0,\"end\":10,\"id\":42}");
    assertThat(mapper.readValue(json, ValueMesh.Run.class)).isEqualTo(run);
  }

  @Test
  void meshesNestedInOtherValuesKeepTheirElementType() throws Exception {
    record Reply(String name, ValueMesh<Long> counts) {}
    Region region = Extent.of("hosts", 2, "gpus", 2).region().range("gpus", Range.of(1));
    Reply reply = new Reply("counts", ValueMesh.fromSingle(region, 7L));
    String json = mapper.writeValueAsString(reply);
    Reply back = mapper.readValue(json, Reply.class);
    assertThat(back).isEqualTo(reply);
    assertThat(back.counts().get(0)).hasValue(7L);
    assertThat(back.counts().region().toString()).isEqualTo("1+hosts=2/2,gpus=1/1");
    List<ValueMesh<String>> list =
        mapper.readValue(
            mapper.writeValueAsString(List.of(ValueMesh.fromSingle(region, "a"))),
            new TypeReference<List<ValueMesh<String>>>() {});
    assertThat(list.get(0).get(1)).hasValue("a");
  }

  @Test
  void malformedJsonIsRefusedNamingTheProblem() {
    String gap =
        "{\"region\":{\"labels\":[\"x\"],\"slice\":{\"offset\":0,\"sizes\":[4],\"strides\":[1]}},"
            + "\"rep\":{\"Compressed\":{\"table\":[1],\"runs\":[{\"start\":0,\"end\":3,\"id\":0}]}}}";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ValueMeshJson.read(gap, Integer.class));
    assertThat(e)
        .hasMessageThat()
        .contains("invalid mesh ref: expected 4 ranks, but contains 3 ranks");

    String unknownTag =
        "{\"region\":{\"labels\":[\"x\"],\"slice\":{\"offset\":0,\"sizes\":[1],\"strides\":[1]}},"
            + "\"rep\":{\"Sparse\":{}}}";
    assertThat(
            assertThrows(
                IllegalArgumentException.class,
                () -> ValueMeshJson.read(unknownTag, Integer.class)))
        .hasMessageThat()
        .contains("unknown value mesh representation 'Sparse'");

    String badRegion =
        "{\"region\":{\"labels\":[\"x\",\"y\"],\"slice\":{\"offset\":0,\"sizes\":[2],"
            + "\"strides\":[1]}},\"rep\":{\"Dense\":{\"values\":[1,2]}}}";
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> ValueMeshJson.read(badRegion, Integer.class)))
        .hasMessageThat()
        .contains("invalid region");

    String wrongType =
        "{\"region\":{\"labels\":[\"x\"],\"slice\":{\"offset\":0,\"sizes\":[1],\"strides\":[1]}},"
            + "\"rep\":{\"Dense\":{\"values\":[\"one\"]}}}";
    assertThrows(
        IllegalArgumentException.class, () -> ValueMeshJson.read(wrongType, Integer.class));

    assertThrows(IllegalArgumentException.class, () -> ValueMeshJson.read("{", Integer.class));
  }
}
