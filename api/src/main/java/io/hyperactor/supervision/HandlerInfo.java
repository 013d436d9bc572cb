package io.hyperactor.supervision;

import static com.google.common.base.Preconditions.checkNotNull;

import org.jspecify.annotations.Nullable;

/**
 * Which handler an actor is running: the message type and, for sealed protocols, the record arm.
 *
 * @param typeName the protocol's type name
 * @param arm the concrete message record's simple name, when known
 */
public record HandlerInfo(String typeName, @Nullable String arm) {
  public HandlerInfo {
    checkNotNull(typeName, "typeName");
  }

  @Override
  public String toString() {
    return arm == null ? typeName : typeName + "::" + arm;
  }
}
