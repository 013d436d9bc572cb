package io.hyperactor.examples;

import io.hyperactor.codec.CodecRegistrar;
import java.util.function.Consumer;

/**
 * The demo's message types. {@link DemoModule} registers them in the application, and a
 * standalone host that routes the demo's messages names this class ({@code hyperactor host
 * --codecs io.hyperactor.examples.DemoCodecs}, as {@code deploy/kubernetes} does).
 */
public final class DemoCodecs implements Consumer<CodecRegistrar> {
  @Override
  public void accept(CodecRegistrar codecs) {
    codecs
        .sealed("demo.WorkerMsg", Worker.WorkerMsg.class)
        .record("demo.Location", Worker.Location.class);
  }
}
