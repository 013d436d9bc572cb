/** Integration tests of hosts over the process-forking manager, with real child JVMs. */
@NullMarked
package io.hyperactor.it.host;

import org.jspecify.annotations.NullMarked;
