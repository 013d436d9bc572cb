/**
 * Testing actors with JUnit 5.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.testkit.HyperactorTestKit}
 *   <dd>The extension: an actor system (and, on request, a Guice runtime with local or process
 *       wiring) per test or per class, closed after it, failing the test on leftovers.
 *   <dt>{@link io.hyperactor.testkit.TestProbe}
 *   <dd>An actor that records what it receives: expect a message, no message, n messages, or fish.
 *   <dt>{@link io.hyperactor.testkit.CapturedLogs}
 *   <dd>Log events of a test, with assertions.
 *   <dt>{@link io.hyperactor.testkit.ManualScheduler}
 *   <dd>A clock for timers and ask timeouts that moves only when the test says.
 * </dl>
 */
@NullMarked
package io.hyperactor.testkit;

import org.jspecify.annotations.NullMarked;
