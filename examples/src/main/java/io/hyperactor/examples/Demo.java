package io.hyperactor.examples;

import io.hyperactor.config.ConfigValidationException;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;

/**
 * The demo application: loads the configuration the way every Hyperactor process does
 * (defaults &lt; environment &lt; {@code application.conf} &lt; runtime overrides), then prints every
 * key with its value and the layer it came from.
 */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    HyperactorConfig config;
    try {
      config = HyperactorConfig.global();
    } catch (ConfigValidationException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("Hyperactor for Java: resolved configuration");
    System.out.println("(layers, lowest first: default < env (HYPERACTOR_*) < file (this demo's"
        + " application.conf sets two keys) < runtime)");
    System.out.println();
    System.out.print(config.formatDump());
    System.out.println();
    System.out.println("message_delivery_timeout = "
        + config.get(HyperactorAttrs.MESSAGE_DELIVERY_TIMEOUT).toSeconds() + " s; default transport = "
        + config.get(HyperactorAttrs.DEFAULT_TRANSPORT));
    config.warnings().forEach(w -> System.out.println("warning: " + w));
  }
}
