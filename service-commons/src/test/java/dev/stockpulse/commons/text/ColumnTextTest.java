package dev.stockpulse.commons.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ColumnTextTest {

    @Test
    void textThatFitsIsUnchanged() {
        assertThat(ColumnText.fit(null, 5)).isNull();
        assertThat(ColumnText.fit("", 5)).isEmpty();
        assertThat(ColumnText.fit("abcde", 5)).isEqualTo("abcde");
    }

    @Test
    void longerTextKeepsItsStartAndEndsWithAnEllipsisAtTheColumnsLength() {
        assertThat(ColumnText.fit("abcdef", 5)).isEqualTo("abcd\u2026");
        assertThat(ColumnText.fit("x".repeat(1000), 500)).hasSize(500).endsWith("x\u2026");
        assertThat(ColumnText.fit("ab", 1)).isEqualTo("\u2026");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String emoji = "\uD83D\uDE00";
        String cut = ColumnText.fit("abc" + emoji + "def", 5);
        assertThat(cut).isEqualTo("abc\u2026");
        assertThat(ColumnText.fit("ab" + emoji + "cdef", 5)).isEqualTo("ab" + emoji + "\u2026");
    }

    @Test
    void aColumnMustHoldAtLeastOneCharacter() {
        assertThatThrownBy(() -> ColumnText.fit("a", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
