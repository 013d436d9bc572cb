package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hyperactor.mesh.routing.FanOutLimit;
import io.hyperactor.mesh.routing.Reshape;
import io.hyperactor.mesh.routing.RoutingDecision;
import io.hyperactor.mesh.routing.RoutingFrame;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code docs/meshes.md} and of the Javadoc in {@code io.hyperactor.mesh}, with the
 * results they claim asserted.
 */
class MeshesDocExamplesTest {

  @Test
  void extentsAndPoints() {
    Extent extent = Extent.of("hosts", 4, "gpus", 8);
    assertThat(extent.numRanks()).isEqualTo(32);
    Point p = extent.point(1, 2);
    assertThat(p.rank()).isEqualTo(10);
    assertThat(p.coords()).containsExactly(1, 2).inOrder();
    assertThat(extent.pointOfRank(10)).isEqualTo(p);
    assertThat(extent.points().count()).isEqualTo(32);
    assertThat(p.toString()).isEqualTo("hosts=1/4,gpus=2/8");
  }

  @Test
  void regions() {
    Region all = Extent.of("hosts", 2, "gpus", 4).region();
    assertThat(all.toString()).isEqualTo("hosts=2/4,gpus=4/1");
    Region upper = all.range("gpus", Range.of(2, 4));
    assertThat(upper.toString()).isEqualTo("2+hosts=2/4,gpus=2/1");
    assertThat(upper.extent().toString()).isEqualTo("{hosts: 2, gpus: 2}");
    assertThat(upper.values().toList()).containsExactly(2, 3, 6, 7).inOrder();
    Point point = upper.pointOfBaseRank(6);
    assertThat(point.toString()).isEqualTo("hosts=1/2,gpus=0/2");
    assertThat(point.rank()).isEqualTo(2);
    assertThat(upper.baseRankOfPoint(upper.extent().point(1, 1))).isEqualTo(7);
    assertThat(upper.isSubset(all)).isTrue();
    assertThat(all.remap(upper).toString()).isEqualTo("Optional[[2, 3, 6, 7]]");
  }

  @Test
  void slicingByLabel() {
    Extent extent = Extent.of("hosts", 4, "gpus", 8);
    Region host1 = extent.slice("hosts", 1);
    assertThat(host1.extent()).isEqualTo(Extent.of("gpus", 8));
    assertThat(host1.values().toList())
        .containsExactlyElementsIn(IntStream.rangeClosed(8, 15).boxed().toList())
        .inOrder();
    assertThat(host1.slice("gpus", 3).values().toList()).containsExactly(11);
    assertThat(extent.range("gpus", Range.from(0, 2)).toString()).isEqualTo("hosts=4/8,gpus=4/2");
    assertThat(extent.groupBy("gpus").count()).isEqualTo(4);

    // The table.
    assertThat(extent.slice("gpus", Range.of(0, 4)).extent())
        .isEqualTo(Extent.of("hosts", 4, "gpus", 4));
    assertThat(extent.range("hosts", 2).extent()).isEqualTo(Extent.of("hosts", 1, "gpus", 8));
    extent.groupBy("gpus").forEach(g -> assertThat(g.extent()).isEqualTo(Extent.of("gpus", 8)));

    // The View Javadoc.
    assertThat(extent.range("hosts", Range.of(0, 2)).extent())
        .isEqualTo(Extent.of("hosts", 2, "gpus", 8));
  }

  @Test
  void displayAndParsing() {
    Extent odd = Extent.of("dim/0", 3, "say \"hi\"", 2);
    assertThat(odd.toString()).isEqualTo("{\"dim/0\": 3, \"say \\\"hi\\\"\": 2}");
    assertThat(Extent.parse(odd.toString())).isEqualTo(odd);
    assertThat(Point.parse(" hosts = 1 / 4 , gpus = 2 / 8 "))
        .isEqualTo(Extent.of("hosts", 4, "gpus", 8).point(1, 2));
    assertThat(Point.parse("hosts=1/4,gpus=2/8").formatAsDict())
        .isEqualTo("{'hosts': 1/4, 'gpus': 2/8}");
    assertThat(Region.parse("2+hosts=2/4,gpus=2/1"))
        .isEqualTo(Extent.of("hosts", 2, "gpus", 4).range("gpus", Range.of(2, 4)));
    assertThat(Shape.from(Extent.of("hosts", 4, "gpus", 8)).toString())
        .isEqualTo("{hosts=4,gpus=8}");
  }

  @Test
  void errors() {
    Extent extent = Extent.of("hosts", 4, "gpus", 8);
    GeometryException e = assertThrows(GeometryException.class, () -> extent.slice("racks", 0));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.INVALID_DIM);
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("no such dimension: racks (dimensions are [hosts, gpus])");
    assertThrows(IllegalArgumentException.class, () -> Extent.of("x", 1 << 16, "y", 1 << 16));
  }

  @Test
  void buildingSelections() {
    Selection s =
        Selection.union(
            Selection.all(Selection.range(0, Selection.range(Range.of(0, 4)))),
            Selection.all(Selection.range(1, Selection.range(Range.from(4)))));
    assertThat(s).isEqualTo(Selection.parse("*, 0, 0:4 | *, 1, 4:"));
    assertThat(s.toCompactString()).isEqualTo("(*,0:1,0:4|*,1:2,4::1)");
    assertThat(s.toString())
        .isEqualTo(
            "union(all(range(0:1:1, range(0:4:1, true_()))),"
                + " all(range(1:2:1, range(4::1, true_()))))");

    Extent extent = Extent.of("zones", 2, "hosts", 4, "gpus", 8);
    Slice mesh = extent.toSlice();
    assertThat(Selection.fromLabels(extent, "hosts", Range.of(2)).toCompactString())
        .isEqualTo("*,2:3");
    assertThat(Selection.ofRanks(mesh, List.of(3, 40)).eval(EvalOpts.strict(), mesh).toArray())
        .asList()
        .containsExactly(3, 40)
        .inOrder();
    Selection firstTwoGpus =
        Selection.reifySlice(mesh, extent.range("gpus", Range.of(0, 2)).slice());
    assertThat(firstTwoGpus.toCompactString()).isEqualTo("0:2,0:4,0:2");
    assertThat(firstTwoGpus.eval(EvalOpts.strict(), mesh).toArray())
        .isEqualTo(Selection.parse("*,*,0:2").eval(EvalOpts.strict(), mesh).toArray());

    // The Selection Javadoc.
    assertThat(Selection.parse("*, 0, 0:4 | *, 1, 4:").eval(EvalOpts.strict(), mesh).count())
        .isEqualTo(16);
  }

  @Test
  void evaluating() {
    Slice mesh = Extent.of("zones", 2, "hosts", 4, "gpus", 8).toSlice();
    assertThat(Selection.parse("*, *, 0:4").eval(EvalOpts.strict(), mesh).count()).isEqualTo(32);
    assertThat(Selection.parse("1, 2, 3").eval(EvalOpts.strict(), mesh).toArray())
        .asList()
        .containsExactly(51);
    assertThat(Selection.parse("*, 9").eval(EvalOpts.lenient(), mesh).count()).isEqualTo(0);
    GeometryException e =
        assertThrows(
            GeometryException.class, () -> Selection.parse("*, 9").eval(EvalOpts.strict(), mesh));
    assertThat(e.kind()).isEqualTo(GeometryException.Kind.EMPTY_RANGE);
    assertThat(Selection.parse("*,*,1:4|5:6"))
        .isEqualTo(Selection.union(Selection.parse("*,*,1:4"), Selection.parse("5:6")));
    assertThat(Selection.parse("*,*,(1:4|5:6)").eval(EvalOpts.strict(), mesh).count())
        .isEqualTo(2 * 4 * 4);
  }

  @Test
  void routingAndReshaping() {
    RoutingFrame root = RoutingFrame.root(Selection.all(), Slice.rowMajor(2, 4));
    RoutingDecision atZero = RoutingDecision.resolve(0, List.of(root));
    assertThat(atZero.deliverHere()).isTrue();
    assertThat(atZero.forwards().keySet()).containsExactly(1, 2, 3, 4).inOrder();

    Slice flat = Slice.rowMajor(1024);
    Slice tree = Reshape.reshapeWithLimit(flat, FanOutLimit.of(8));
    assertThat(tree.sizes()).containsExactly(8, 8, 8, 2).inOrder();
    Selection middle = Reshape.reshapeSelection(Selection.parse("100:900"), flat, tree);
    assertThat(middle.eval(EvalOpts.strict(), tree).boxed().toList())
        .containsExactlyElementsIn(IntStream.range(100, 900).boxed().toList())
        .inOrder();

    // The RoutingFrame Javadoc.
    RoutingFrame partial = RoutingFrame.root(Selection.parse("*,1:3"), Slice.rowMajor(2, 4));
    RoutingDecision atRoot = RoutingDecision.resolve(0, List.of(partial));
    assertThat(atRoot.deliverHere()).isFalse();
    assertThat(atRoot.forwards().keySet()).containsExactly(1, 2, 4).inOrder();
  }

  @Test
  void javadocExamples() {
    Slice s = Slice.rowMajor(2, 3);
    assertThat(s.location(1, 2)).isEqualTo(5);
    assertThat(s.coordinates(4)).containsExactly(1, 1).inOrder();
    assertThat(s.select(1, 1, 2, 1)).containsExactly(1, 4).inOrder();

    Shape shape = Shape.from(Extent.of("host", 2, "gpu", 8));
    assertThat(shape.select("gpu", Range.of(3, 5)).slice().toArray())
        .asList()
        .containsExactly(3, 4, 11, 12)
        .inOrder();
    assertThat(shape.at("host", 1).labels()).containsExactly("gpu");

    assertThat(Point.actorDisplayName("<m.C train>", Extent.of("hosts", 2).point(0)))
        .isEqualTo("<m.C train{'hosts': 0/2}>");
  }
}
