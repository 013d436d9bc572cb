package io.hyperactor.inject;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import org.jspecify.annotations.Nullable;

/**
 * Starts the mesh admin HTTP server with the runtime, as {@code mesh_admin_enabled = true} does:
 * install it next to {@link HyperactorCoreModule} to serve the admin API whatever the
 * configuration says.
 *
 * <p>The server binds {@code mesh_admin_addr} and reads {@code mesh_admin_token}; {@link
 * HyperactorRuntime#meshAdmin()} returns it once the runtime runs, and the runtime closes it when
 * it stops.
 *
 * <pre>{@code
 * Injector injector =
 *     Guice.createInjector(HyperactorModules.fromConfig(config, new AppModule(), new MeshAdminModule()));
 * }</pre>
 */
public final class MeshAdminModule extends AbstractModule {

  /** The binding that asks the runtime to start the admin server. */
  record Enabled() {}

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), Enabled.class)
        .setBinding()
        .toInstance(new Enabled());
  }

  // Equal instances are installed once, so installing this module twice is harmless.
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MeshAdminModule;
  }

  @Override
  public int hashCode() {
    return MeshAdminModule.class.hashCode();
  }
}
