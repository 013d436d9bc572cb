/**
 * The generated Protobuf classes of the mailbox envelope's wire form.
 *
 * <p><b>Internal:</b> not part of the public API, and free to change in any release. Applications,
 * examples and tests outside the runtime use the public packages ({@code io.hyperactor.*} and
 * {@code io.hyperactor.runtime.ActorSystem}) instead.
 */
@NullMarked
package io.hyperactor.internal.mailbox.wire;

import org.jspecify.annotations.NullMarked;
