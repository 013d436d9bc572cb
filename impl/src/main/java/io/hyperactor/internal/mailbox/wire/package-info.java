/** The generated Protobuf classes of the mailbox envelope's wire form. */
@NullMarked
package io.hyperactor.internal.mailbox.wire;

import org.jspecify.annotations.NullMarked;
