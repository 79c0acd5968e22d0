package dev.stockpulse.commons.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void anythingButNulAndUnpairedSurrogatesIsStorable() {
        assertThat(StorableText.problem("")).isEmpty();
        assertThat(StorableText.problem("Laptop 15\" — ünïcødé, tab\tnewline\n\u0001\u007f")).isEmpty();
        assertThat(StorableText.problem("a pair \uD83D\uDCE6 at the end \uD83D\uDCE6")).isEmpty();
    }

    @Test
    void theNulCharacterIsNamedWithItsIndex() {
        assertThat(StorableText.problem("\u0000")).contains("must not contain the NUL character (U+0000), at index 0");
        assertThat(StorableText.problem("abc\u0000")).hasValueSatisfying(p -> assertThat(p).endsWith("at index 3"));
    }

    @Test
    void unpairedSurrogatesAnywhereAreRefused() {
        assertThat(StorableText.problem("\uD83D")).contains("must be valid Unicode: an unpaired surrogate at index 0");
        assertThat(StorableText.problem("x\uD83Dy")).hasValueSatisfying(p -> assertThat(p).endsWith("at index 1"));
        assertThat(StorableText.problem("\uDCE6\uD83D")).hasValueSatisfying(p -> assertThat(p).endsWith("at index 0"));
        assertThat(StorableText.problem("\uD83D\uDCE6\uDCE6")).hasValueSatisfying(p -> assertThat(p).endsWith("at index 2"));
    }

    @Test
    void visibleEscapesWhatAMessageMustNotCarryAndCutsAt64() {
        assertThat(StorableText.visible("a\u0000b\uD83D")).isEqualTo("a\\u0000b\\uD83D");
        assertThat(StorableText.visible("x".repeat(64))).isEqualTo("x".repeat(64));
        assertThat(StorableText.visible("x".repeat(65))).isEqualTo("x".repeat(64) + "…");
    }
}
