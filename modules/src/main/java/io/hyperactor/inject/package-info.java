/**
 * Guice wiring for Hyperactor applications: a core module, a proc-manager choice, a transport
 * choice, multibinders for spawnable actor types and codecs, the runtime service that owns
 * everything it starts, and the child-JVM main that repeats the parent's wiring.
 */
@NullMarked
package io.hyperactor.inject;

import org.jspecify.annotations.NullMarked;
