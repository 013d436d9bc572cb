package io.hyperactor.internal.agent;

/**
 * Asks the proc agent to republish the proc's introspection attributes.
 *
 * @param emitMemoryMetrics true for the periodic tick, which also records the memory gauges and
 *     re-arms itself after {@code process_memory_metric_interval}
 */
public record RepublishIntrospect(boolean emitMemoryMetrics) {}
