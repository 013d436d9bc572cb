/**
 * Integration tests of the deployment files: the Kubernetes manifests agree with the code, and
 * their commands run as processes.
 */
@NullMarked
package io.hyperactor.it.deploy;

import org.jspecify.annotations.NullMarked;
