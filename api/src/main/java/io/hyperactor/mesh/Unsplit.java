package io.hyperactor.mesh;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component whose port references a cast leaves as they are: every destination
 * receives the caster's own port, instead of a port split at each hop of the routing tree.
 *
 * <p>A cast splits every {@link io.hyperactor.ref.PortRef} and reducing {@link
 * io.hyperactor.ref.OncePortRef} it finds in its message, in nested records, lists, optionals and
 * map values too, so that replies climb the tree and are reduced on their way. A port marked here
 * (and any port nested in the marked component) is not split: replies go straight to it. {@link
 * io.hyperactor.resource.Rank} fields in the component are still bound to each destination's rank.
 *
 * <pre>{@code
 * record Report(@Unsplit PortRef<String> log, PortRef<Long> total) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Unsplit {}
