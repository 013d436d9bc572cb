package io.hyperactor.resource;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResourceIdTest {

  @Test
  void testResourceIdSingletonFormatAndParse() {
    ResourceId id = ResourceId.singleton("env-vars");
    assertThat(id.toString()).isEqualTo("env-vars");
    assertThat(id.isSingleton()).isTrue();
    assertThat(ResourceId.parse("env-vars")).isEqualTo(id);
    assertThat(ResourceId.parse("env-vars").isSingleton()).isTrue();
    assertThat(id.uid()).isEqualTo("env-vars");
  }

  @Test
  void testResourceIdInstanceFormatAndParse() {
    ResourceId id = ResourceId.instance(0x1234_5678_9abc_def0L, "my-service");
    assertThat(id.toString()).isEqualTo("my-service-" + Base58.encode(0x1234_5678_9abc_def0L));
    ResourceId parsed = ResourceId.parse(id.toString());
    assertThat(parsed).isEqualTo(id);
    assertThat(parsed.label()).hasValue("my-service");
    ResourceId unlabelled = ResourceId.instance(0x1234_5678_9abc_def0L, null);
    assertThat(unlabelled.toString()).startsWith("resource-");
    assertThat(ResourceId.parse(unlabelled.toString()).label()).isEmpty();
  }

  @Test
  void testResourceIdIdentityIsUidOnly() {
    ResourceId a = ResourceId.instance(42L << 40, "a");
    ResourceId b = ResourceId.instance(42L << 40, "b");
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a.compareTo(b)).isEqualTo(0);
    assertThat(ResourceId.singleton("zzz").compareTo(a)).isLessThan(0);
    assertThat(ResourceId.instance("x")).isNotEqualTo(ResourceId.instance("x"));
  }

  @Test
  void shortBase58SuffixIsASingletonLabel() {
    assertThat(ResourceId.parse("my-abc").isSingleton()).isTrue();
  }

  @Test
  void invalidTextIsRejectedWithItsProblem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResourceId.parse("Bad Name"));
    assertThat(e).hasMessageThat().contains("invalid resource id 'Bad Name'");
    assertThat(e).hasMessageThat().contains("character 'B' at 0");
    IllegalArgumentException label =
        assertThrows(IllegalArgumentException.class, () -> ResourceId.singleton("9lives"));
    assertThat(label)
        .hasMessageThat()
        .isEqualTo("invalid label '9lives': it must start with a letter");
  }

  @Test
  void fromNameStripsToALabel() {
    assertThat(ResourceId.fromName("Hello World!").toString()).isEqualTo("helloworld");
    assertThat(ResourceId.fromName("123").toString()).isEqualTo("nil");
  }

  @Test
  void base58RoundTripsAndRejectsBadInput() {
    for (long v : new long[] {0, 1, 57, 58, 1L << 40, -1L}) {
      assertThat(Base58.decode(Base58.encode(v))).isEqualTo(v);
    }
    assertThat(Base58.encode(0)).isEqualTo("1");
    assertThat(Base58.encode(57)).isEqualTo("Z");
    assertThat(assertThrows(IllegalArgumentException.class, () -> Base58.decode("0")))
        .hasMessageThat()
        .contains("character '0' at 0 is not in the alphabet");
    assertThat(assertThrows(IllegalArgumentException.class, () -> Base58.decode("")))
        .hasMessageThat()
        .contains("empty input");
    assertThat(
            assertThrows(
                IllegalArgumentException.class, () -> Base58.decode(Base58.encode(-1L) + "1")))
        .hasMessageThat()
        .contains("overflows 64 bits");
  }
}
