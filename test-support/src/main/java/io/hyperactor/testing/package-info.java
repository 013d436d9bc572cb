/**
 * Support shared by the tests of every module.
 *
 * <dl>
 *   <dt>{@link io.hyperactor.testing.LeftoverCheck}
 *   <dd>Fails a test class that leaves a process, a thread, a listening socket or a socket file
 *       behind; registered automatically.
 * </dl>
 */
@NullMarked
package io.hyperactor.testing;

import org.jspecify.annotations.NullMarked;
