package io.hyperactor.mesh;

import static com.google.common.base.Preconditions.checkNotNull;

import io.hyperactor.resource.ResourceId;

/**
 * The display and parse rules shared by the typed mesh ids: an unlabelled instance is displayed
 * with the type's default label, and a parsed instance whose label is that default has none.
 */
final class MeshIdText {
  private MeshIdText() {}

  static String display(ResourceId id, String defaultLabel) {
    if (id.isSingleton()) {
      return id.toString();
    }
    return id.label().orElse(defaultLabel) + "-" + id.uid();
  }

  static ResourceId parse(String text, String defaultLabel, String kind) {
    checkNotNull(text, "text");
    ResourceId id;
    try {
      id = ResourceId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid " + kind + " id '" + text + "': " + e.getMessage(), e);
    }
    return id.label().filter(defaultLabel::equals).isPresent() ? id.withoutLabel() : id;
  }
}
