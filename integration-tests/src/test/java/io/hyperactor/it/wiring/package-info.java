/**
 * The wiring-parameterized integration suite: the same tests against every module combination the
 * build's failsafe executions select with {@code hyperactor.it.wiring}.
 */
@NullMarked
package io.hyperactor.it.wiring;

import org.jspecify.annotations.NullMarked;
