package io.hyperactor.internal.admin;

import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import java.time.Duration;

/**
 * The waits of the admin server, read once from the configuration when it starts.
 *
 * @param tree the whole {@code /v1/tree} walk ({@code mesh_admin_tree_timeout})
 * @param singleHost one host agent's answer ({@code mesh_admin_single_host_timeout})
 * @param resolve one proc's node from its agent ({@code mesh_admin_resolve_actor_timeout})
 * @param queryChild one actor's payload from its proc ({@code mesh_admin_query_child_timeout})
 * @param threadDump one thread dump, and the wait beyond a profile's duration ({@code
 *     mesh_admin_pyspy_timeout})
 * @param configDump one proc's configuration dump ({@code mesh_admin_config_dump_bridge_timeout})
 */
record AdminTimeouts(
    Duration tree,
    Duration singleHost,
    Duration resolve,
    Duration queryChild,
    Duration threadDump,
    Duration configDump) {

  static AdminTimeouts from(HyperactorConfig config) {
    return new AdminTimeouts(
        config.get(HyperactorAttrs.MESH_ADMIN_TREE_TIMEOUT),
        config.get(HyperactorAttrs.MESH_ADMIN_SINGLE_HOST_TIMEOUT),
        config.get(HyperactorAttrs.MESH_ADMIN_RESOLVE_ACTOR_TIMEOUT),
        config.get(HyperactorAttrs.MESH_ADMIN_QUERY_CHILD_TIMEOUT),
        config.get(HyperactorAttrs.MESH_ADMIN_PYSPY_TIMEOUT),
        config.get(HyperactorAttrs.MESH_ADMIN_CONFIG_DUMP_BRIDGE_TIMEOUT));
  }
}
