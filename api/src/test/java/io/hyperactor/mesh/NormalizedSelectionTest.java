package io.hyperactor.mesh;

import static com.google.common.truth.Truth.assertThat;
import static io.hyperactor.mesh.Selection.TRUE;
import static io.hyperactor.mesh.Selection.all;
import static io.hyperactor.mesh.Selection.range;
import static io.hyperactor.mesh.Selection.union;

import com.google.common.collect.ImmutableSortedSet;
import io.hyperactor.mesh.NormalizedSelection.Any;
import io.hyperactor.mesh.NormalizedSelection.First;
import io.hyperactor.mesh.NormalizedSelection.Intersection;
import io.hyperactor.mesh.NormalizedSelection.Union;
import org.junit.jupiter.api.Test;

/** Ports of upstream {@code selection/normal.rs} tests. */
class NormalizedSelectionTest {
  private static final NormalizedSelection ALL_TRUE =
      new NormalizedSelection.All(NormalizedSelection.TRUE);

  @Test
  void normalizationDeduplicatesAndReifies() {
    Selection sel = Selection.parse("(* & *) | (* & *)");
    NormalizedSelection norm = NormalizedSelection.fold(sel);
    // Union { Intersection { All(True) } }: the duplicates collapse in the sets.
    assertThat(norm)
        .isEqualTo(
            new Union(ImmutableSortedSet.of(new Intersection(ImmutableSortedSet.of(ALL_TRUE)))));
    assertThat(norm.toSelection()).isEqualTo(all(TRUE));
  }

  @Test
  void normalizeSmokeTest() {
    // (*,*) | (*,*) is union(all(all(true)), all(all(true))) and normalizes down to true.
    assertThat(Selection.parse("(*,*) | (*,*)").normalize()).isEqualTo(TRUE);
  }

  @Test
  void testUnionFlattening() {
    NormalizedSelection b = ALL_TRUE;
    NormalizedSelection c = new Any(NormalizedSelection.TRUE);
    NormalizedSelection a = new First(NormalizedSelection.TRUE);
    NormalizedSelection outer =
        new Union(ImmutableSortedSet.of(a, new Union(ImmutableSortedSet.of(b, c))));
    assertThat(NormalizedSelection.flatten(outer))
        .isEqualTo(new Union(ImmutableSortedSet.of(a, b, c)));
  }

  @Test
  void testIntersectionFlattening() {
    NormalizedSelection b = ALL_TRUE;
    NormalizedSelection c = new Any(NormalizedSelection.TRUE);
    NormalizedSelection a = new First(NormalizedSelection.TRUE);
    NormalizedSelection outer =
        new Intersection(ImmutableSortedSet.of(a, new Intersection(ImmutableSortedSet.of(b, c))));
    assertThat(NormalizedSelection.flatten(outer))
        .isEqualTo(new Intersection(ImmutableSortedSet.of(a, b, c)));
  }

  @Test
  void testAbsorbtionRules() {
    assertThat(
            NormalizedSelection.absorb(
                new Union(
                    ImmutableSortedSet.of(
                        NormalizedSelection.TRUE, new Any(NormalizedSelection.TRUE)))))
        .isEqualTo(NormalizedSelection.TRUE);
    assertThat(
            NormalizedSelection.absorb(
                new Intersection(ImmutableSortedSet.of(NormalizedSelection.FALSE, ALL_TRUE))))
        .isEqualTo(NormalizedSelection.FALSE);
  }

  @Test
  void identitiesAndOrdering() {
    // Operands are ordered by variant, so reordered unions normalize equal.
    Selection ab = union(range(2), all(range(1)));
    Selection ba = union(all(range(1)), range(2));
    assertThat(ab.normalize()).isEqualTo(ba.normalize());
    assertThat(ab.normalize()).isEqualTo(union(all(range(1)), range(2)));
    // Identities: all(true) is true; false drops out of a union; true out of an intersection.
    assertThat(union(Selection.FALSE, range(3)).normalize()).isEqualTo(range(3));
    assertThat(Selection.intersection(TRUE, range(3)).normalize()).isEqualTo(range(3));
    assertThat(Selection.intersection(Selection.FALSE, range(3)).normalize())
        .isEqualTo(Selection.FALSE);
    // Not dimension-preserving: all(all(x)) becomes all(x).
    assertThat(all(all(range(0))).normalize()).isEqualTo(all(range(0)));
  }
}
