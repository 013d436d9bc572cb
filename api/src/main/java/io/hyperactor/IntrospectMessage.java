package io.hyperactor;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.ref.OncePortRef;

/**
 * A query answered by every actor's introspection port, off the actor's thread.
 */
public sealed interface IntrospectMessage
    permits IntrospectMessage.Query, IntrospectMessage.QueryChild {

  /** Which view a {@link Query} asks for. */
  enum View {
    /** The published attributes if any, else the live payload. */
    ENTITY,
    /** The live payload. */
    ACTOR
  }

  /**
   * Asks for the instance's own payload.
   *
   * @param view which view
   * @param reply where the answer goes
   */
  record Query(View view, OncePortRef<IntrospectResult> reply) implements IntrospectMessage {
    public Query {
      checkNotNull(view, "view");
      checkNotNull(reply, "reply");
    }
  }

  /**
   * Asks the instance about a child it manages, through its registered query-child handler.
   *
   * @param childRef the child's reference string
   * @param reply where the answer goes; an error node with {@code error_code = not_found} when no
   *     handler is registered
   */
  record QueryChild(String childRef, OncePortRef<IntrospectResult> reply)
      implements IntrospectMessage {
    public QueryChild {
      checkNotNull(childRef, "childRef");
      checkNotNull(reply, "reply");
    }
  }
}
