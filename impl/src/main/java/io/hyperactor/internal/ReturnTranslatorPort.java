package io.hyperactor.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.hyperactor.MailboxSenderException;
import io.hyperactor.SeqInfo;
import io.hyperactor.Undeliverable;
import io.hyperactor.id.PortId;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A port that turns a returned message of its owner's into the returns it stands for: a message
 * that carried several messages (a cast to many destinations) comes back as one return per message
 * it carried. It is reached only through the owner's undeliverable port ({@link
 * AbstractInstance#translateReturn}); anything sent to it directly is refused, so no other sender
 * can make up returns.
 */
final class ReturnTranslatorPort implements PortSink {
  private final PortId self;
  private final Function<Undeliverable, List<Undeliverable>> translator;

  ReturnTranslatorPort(PortId self, Function<Undeliverable, List<Undeliverable>> translator) {
    this.self = checkNotNull(self, "self");
    this.translator = checkNotNull(translator, "translator");
  }

  List<Undeliverable> translate(Undeliverable returned) {
    return translator.apply(returned);
  }

  @Override
  public void deliver(
      Object message, ImmutableMap<String, String> headers, SeqInfo seq, @Nullable Object sender) {
    throw new MailboxSenderException(
        self,
        MailboxSenderException.Kind.REJECTED,
        null,
        "port " + self + " translates its owner's returned messages and accepts nothing sent to it");
  }

  @Override
  public String toString() {
    return "ReturnTranslatorPort{" + self + "}";
  }
}
