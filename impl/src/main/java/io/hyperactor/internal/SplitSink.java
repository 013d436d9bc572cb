package io.hyperactor.internal;

/** A split port's sink: what it receives goes on to its parent port. */
interface SplitSink extends PortSink {
  /** Where the port passes messages on. */
  SplitTarget target();
}
