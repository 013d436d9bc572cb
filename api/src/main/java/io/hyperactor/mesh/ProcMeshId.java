package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.resource.ResourceId;

/**
 * The id of a proc mesh: a {@link ResourceId} whose unlabelled instances are displayed with the
 * label {@value #DEFAULT_LABEL}.
 *
 * <p>Identity is the resource id's uid alone, as for {@link ResourceId}: two ids with one uid and
 * different labels are equal. {@link #parse} reads back {@link #toString()}; an instance labelled
 * {@value #DEFAULT_LABEL} parses to an unlabelled one.
 *
 * <pre>{@code
 * ProcMeshId id = ProcMeshId.instance("procs");   // procs-<base58 uid>
 * ProcMeshId.parse(id.toString()).equals(id);     // true
 * }</pre>
 *
 * @param resourceId the underlying resource id
 */
public record ProcMeshId(ResourceId resourceId) {
  /** The label displayed for an unlabelled instance. */
  public static final String DEFAULT_LABEL = "proc";

  public ProcMeshId {
    checkNotNull(resourceId, "resourceId");
  }

  /** A new instance with a random uid, labelled with the closest valid label to {@code name}. */
  public static ProcMeshId instance(String name) {
    return new ProcMeshId(ResourceId.instance(ResourceId.stripLabel(name)));
  }

  /**
   * The singleton id {@code label}, the same in every process.
   *
   * @throws IllegalArgumentException naming the label when it is not a valid label
   */
  public static ProcMeshId singleton(String label) {
    return new ProcMeshId(ResourceId.singleton(label));
  }

  /**
   * Parses the display form.
   *
   * @throws IllegalArgumentException naming the text when it is not a valid id
   */
  public static ProcMeshId parse(String text) {
    return new ProcMeshId(MeshIdText.parse(text, DEFAULT_LABEL, "proc mesh"));
  }

  /** The label shown to people: a singleton's name or an instance's label, if any. */
  public String label() {
    return resourceId.displayLabel().orElse(DEFAULT_LABEL);
  }

  @Override
  public String toString() {
    return MeshIdText.display(resourceId, DEFAULT_LABEL);
  }
}
