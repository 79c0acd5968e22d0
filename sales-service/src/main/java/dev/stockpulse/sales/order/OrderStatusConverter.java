package dev.stockpulse.sales.order;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores {@link OrderStatus} as its lowercase wire name, the strings {@code sales_order.status} has always held, so
 * existing rows read back without a migration ({@code EnumType.STRING} would write the upper-case constant names).
 */
@Converter
public class OrderStatusConverter implements AttributeConverter<OrderStatus, String> {

    @Override
    public String convertToDatabaseColumn(OrderStatus status) {
        return status == null ? null : status.wireName();
    }

    @Override
    public OrderStatus convertToEntityAttribute(String column) {
        return column == null ? null : OrderStatus.fromWireName(column)
                .orElseThrow(() -> new IllegalStateException("Unknown order status in sales_order.status: " + column));
    }
}
