package dev.stockpulse.events;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventKeysTest {

    @Test
    void joinsTenantAndAggregate() {
        assertThat(EventKeys.of("tenant-1", "prod-1001")).isEqualTo("tenant-1:prod-1001");
    }

    @Test
    void tenantOfReadsItBack() {
        assertThat(EventKeys.tenantOf(EventKeys.of("tenant-1", "prod-1001"))).isEqualTo("tenant-1");
        assertThat(EventKeys.tenantOf(EventKeys.of("tenant-1", "sku:with:colons"))).isEqualTo("tenant-1");
    }

    @Test
    void rejectsTenantsThatWouldMakeTheKeyAmbiguous() {
        for (String bad : new String[] {null, "", "  ", "tenant:1"}) {
            assertThatThrownBy(() -> EventKeys.of(bad, "prod-1001"))
                    .as("tenant %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("tenant_id");
        }
    }

    @Test
    void rejectsAMissingAggregate() {
        assertThatThrownBy(() -> EventKeys.of("tenant-1", " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventKeys.of("tenant-1", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tenantOfRejectsKeysWithoutATenant() {
        for (String bad : new String[] {null, "", "prod-1001", ":prod-1001", " :prod-1001"}) {
            assertThatThrownBy(() -> EventKeys.tenantOf(bad))
                    .as("key %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
