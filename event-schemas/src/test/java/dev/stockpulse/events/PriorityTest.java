package dev.stockpulse.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriorityTest {

    @Test
    void wireNamesAreLowerCase() {
        assertThat(Priority.values()).extracting(Priority::wireName)
                .containsExactly("low", "medium", "high", "critical");
    }

    @Test
    void readsAnyCase() {
        assertThat(Priority.fromWire("critical")).isEqualTo(Priority.CRITICAL);
        assertThat(Priority.fromWire("HIGH")).isEqualTo(Priority.HIGH);
        assertThat(Priority.fromWire("Medium")).isEqualTo(Priority.MEDIUM);
    }

    @Test
    void rejectsUnknownNames() {
        assertThatThrownBy(() -> Priority.fromWire("urgent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'urgent'");
        assertThatThrownBy(() -> Priority.fromWire(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Priority.fromWire(" high")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ordersByUrgency() {
        assertThat(Priority.CRITICAL.isHigherThan(Priority.HIGH)).isTrue();
        assertThat(Priority.HIGH.isHigherThan(Priority.MEDIUM)).isTrue();
        assertThat(Priority.MEDIUM.isHigherThan(Priority.LOW)).isTrue();
        assertThat(Priority.HIGH.isHigherThan(Priority.HIGH)).isFalse();
        assertThat(Priority.LOW.isHigherThan(Priority.CRITICAL)).isFalse();
    }

    @Test
    void isJsonAsItsWireName() throws Exception {
        assertThat(EventCodec.mapper().writeValueAsString(Priority.CRITICAL)).isEqualTo("\"critical\"");
        assertThat(EventCodec.mapper().readValue("\"HIGH\"", Priority.class)).isEqualTo(Priority.HIGH);
    }
}
