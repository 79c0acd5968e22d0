package dev.stockpulse.sales.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The status strings are a contract: the {@code status} of {@code OrderPayload} (see event-schemas' golden samples),
 * the REST views and filter, and the rows already in {@code sales_order}.
 */
class OrderStatusTest {

    final OrderStatusConverter converter = new OrderStatusConverter();

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource({
            "PENDING, pending",
            "CONFIRMED, confirmed",
            "REJECTED, rejected",
            "CANCELLED, cancelled",
            "DELIVERED, delivered" })
    void eachStatusKeepsItsString(OrderStatus status, String wireName) {
        assertThat(status.wireName()).isEqualTo(wireName);
        assertThat(converter.convertToDatabaseColumn(status)).isEqualTo(wireName);
        assertThat(converter.convertToEntityAttribute(wireName)).isEqualTo(status);
        assertThat(OrderStatus.fromWireName(wireName)).contains(status);
    }

    @ParameterizedTest
    @EnumSource(OrderStatus.class)
    void theConstantNameIsNotAWireName(OrderStatus status) {
        assertThat(OrderStatus.fromWireName(status.name())).isEmpty();
    }

    @Test
    void anUnknownColumnValueIsAnErrorNotANull() {
        assertThatThrownBy(() -> converter.convertToEntityAttribute("shipped"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shipped");
        assertThat(converter.convertToEntityAttribute(null)).isNull();
        assertThat(OrderStatus.wireNames()).containsExactly("cancelled", "confirmed", "delivered", "pending", "rejected");
    }
}
