/**
 * Integration tests of the mesh admin server's dashboard: a real Chromium, driven through its
 * chromedriver, against a runtime with forked proc JVMs.
 */
@NullMarked
package io.hyperactor.it.admin;

import org.jspecify.annotations.NullMarked;
