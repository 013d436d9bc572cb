/**
 * Serializable references to actors and ports.
 *
 * <p>A reference is a plain value (an id) that can travel in messages and across procs; sending
 * through one goes through the sender's {@link io.hyperactor.Instance}, which routes the message
 * locally or to the proc's forwarder.
 */
@NullMarked
package io.hyperactor.ref;

import org.jspecify.annotations.NullMarked;
