package io.hyperactor.internal.mesh.cast;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.hyperactor.mesh.Slice;
import io.hyperactor.mesh.routing.RoutingFrame;

/**
 * A {@link RoutingFrame} as it travels from one comm actor to the next: its coordinate, remaining
 * selection, space and dimension.
 *
 * @param here the coordinate the frame stands at
 * @param selection the selection still to apply
 * @param offset the space's offset
 * @param sizes the space's sizes
 * @param strides the space's strides
 * @param dim how many dimensions have been routed
 */
record FrameWire(
    ImmutableList<Integer> here,
    SelectionWire selection,
    int offset,
    ImmutableList<Integer> sizes,
    ImmutableList<Integer> strides,
    int dim) {
  FrameWire {
    checkNotNull(here, "here");
    checkNotNull(selection, "selection");
    checkNotNull(sizes, "sizes");
    checkNotNull(strides, "strides");
  }

  static FrameWire of(RoutingFrame frame) {
    Slice slice = frame.slice();
    return new FrameWire(
        ImmutableList.copyOf(frame.here()),
        SelectionWire.of(frame.selection()),
        slice.offset(),
        ImmutableList.copyOf(slice.sizes()),
        ImmutableList.copyOf(slice.strides()),
        frame.dim());
  }

  static ImmutableList<FrameWire> of(Iterable<RoutingFrame> frames) {
    ImmutableList.Builder<FrameWire> out = ImmutableList.builder();
    for (RoutingFrame f : frames) {
      out.add(of(f));
    }
    return out.build();
  }

  /**
   * The frame this stands for.
   *
   * @throws IllegalArgumentException when the parts do not make a frame (a malformed message)
   */
  RoutingFrame toFrame() {
    return RoutingFrame.of(here, selection.toSelection(), Slice.of(offset, sizes, strides), dim);
  }
}
