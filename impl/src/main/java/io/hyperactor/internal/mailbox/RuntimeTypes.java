package io.hyperactor.internal.mailbox;

import io.hyperactor.mesh.ValueOverlay;
import io.hyperactor.mesh.accum.GCounter;
import io.hyperactor.mesh.accum.PNCounter;
import io.hyperactor.mesh.accum.ReducerMode;
import io.hyperactor.mesh.accum.ReducerSpec;
import io.hyperactor.mesh.accum.WatermarkUpdate;

/**
 * The runtime's own records that every registry knows: the updates of the built-in reducers and the
 * reducer descriptions, so replies reduced on one proc decode on any other.
 *
 * <p>They are registered like application records (same encoding, same checks); an application
 * registering one of these names or classes again is refused as a duplicate.
 */
final class RuntimeTypes {
  private RuntimeTypes() {}

  static void register(CodecRegistry.Builder builder) {
    builder
        .record("hyperactor.accum.ReducerSpec", ReducerSpec.class)
        .sealed("hyperactor.accum.ReducerMode", ReducerMode.class)
        .record("hyperactor.accum.GCounter", GCounter.class)
        .record("hyperactor.accum.PNCounter", PNCounter.class)
        .record("hyperactor.accum.WatermarkUpdate", WatermarkUpdate.class)
        .record("hyperactor.accum.WatermarkUpdate.Lww", WatermarkUpdate.Lww.class)
        .record("hyperactor.mesh.ValueOverlay", ValueOverlay.class)
        .record("hyperactor.mesh.ValueOverlay.Run", ValueOverlay.Run.class);
  }
}
