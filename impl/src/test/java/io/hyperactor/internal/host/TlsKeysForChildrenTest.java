package io.hyperactor.internal.host;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import io.hyperactor.config.HyperactorAttrs;
import io.hyperactor.config.HyperactorConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process-local TLS keys reach a forked proc through its environment. */
class TlsKeysForChildrenTest {

  @Test
  void keysTheHostSetArePassedAndDefaultsAreLeftToTheInheritedEnvironment() {
    HyperactorConfig config = HyperactorConfig.defaultsOnly();
    config.set(HyperactorAttrs.TLS_CERT, "/run/tls/tls.crt");
    config.set(HyperactorAttrs.TLS_ALLOWED_SUBJECTS, ImmutableList.of("CN=a,O=b", "CN=c"));
    Map<String, String> env = new HashMap<>();
    ProcessProcManager.passTlsKeys(config, env);
    assertThat(env)
        .containsExactly(
            "HYPERACTOR_TLS_CERT", "/run/tls/tls.crt",
            "HYPERACTOR_TLS_ALLOWED_SUBJECTS", "CN=a,O=b; CN=c");
    // The child reads them back as its own.
    HyperactorConfig child =
        HyperactorConfig.restoreInChild(config.serializeForChild(), env);
    assertThat(child.get(HyperactorAttrs.TLS_CERT)).isEqualTo("/run/tls/tls.crt");
    assertThat(child.get(HyperactorAttrs.TLS_ALLOWED_SUBJECTS))
        .containsExactly("CN=a,O=b", "CN=c")
        .inOrder();
    assertThat(child.get(HyperactorAttrs.TLS_KEY)).isEqualTo("/etc/hyperactor/tls/tls.key");
  }
}
