package dev.stockpulse.events;

import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.events.inventory.OutOfStockPayload;
import dev.stockpulse.events.inventory.ProductDeletedPayload;
import dev.stockpulse.events.inventory.ProductPayload;
import dev.stockpulse.events.inventory.StockReplenishedPayload;
import dev.stockpulse.events.inventory.StockReservationFailedPayload;
import dev.stockpulse.events.inventory.StockReservedPayload;
import dev.stockpulse.events.inventory.StockUpdatedPayload;
import dev.stockpulse.events.sales.AlertPayload;
import dev.stockpulse.events.sales.BroadcastPayload;
import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.ForecastPayload;
import dev.stockpulse.events.sales.ForecastUpdatedPayload;
import dev.stockpulse.events.sales.ModelRetrainedPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.events.sales.NotificationPayload;
import dev.stockpulse.events.sales.OrderPayload;
import dev.stockpulse.events.sales.OrderStatusChangedPayload;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event StockPulse publishes: its wire name, the topic it goes to and the record its payload binds to. */
public enum EventType {
    PRODUCT_CREATED("inventory.product.created", Topics.INVENTORY_EVENTS, ProductPayload.class),
    PRODUCT_UPDATED("inventory.product.updated", Topics.INVENTORY_EVENTS, ProductPayload.class),
    PRODUCT_DELETED("inventory.product.deleted", Topics.INVENTORY_EVENTS, ProductDeletedPayload.class),
    STOCK_UPDATED("inventory.stock.updated", Topics.INVENTORY_EVENTS, StockUpdatedPayload.class),
    LOW_STOCK("inventory.low_stock", Topics.INVENTORY_EVENTS, LowStockPayload.class),
    OUT_OF_STOCK("inventory.out_of_stock", Topics.INVENTORY_EVENTS, OutOfStockPayload.class),
    STOCK_REPLENISHED("inventory.stock.replenished", Topics.INVENTORY_EVENTS, StockReplenishedPayload.class),
    STOCK_RESERVED("inventory.stock.reserved", Topics.INVENTORY_EVENTS, StockReservedPayload.class),
    STOCK_RESERVATION_FAILED("inventory.stock.reservation_failed", Topics.INVENTORY_EVENTS,
            StockReservationFailedPayload.class),
    ORDER_CREATED("sales.order.created", Topics.SALES_EVENTS, OrderPayload.class),
    ORDER_CONFIRMED("sales.order.confirmed", Topics.SALES_EVENTS, OrderPayload.class),
    ORDER_REJECTED("sales.order.rejected", Topics.SALES_EVENTS, OrderPayload.class),
    ORDER_CANCELLED("sales.order.cancelled", Topics.SALES_EVENTS, OrderPayload.class),
    ORDER_DELIVERED("sales.order.delivered", Topics.SALES_EVENTS, OrderPayload.class),
    ORDER_STATUS_CHANGED("sales.order.status_changed", Topics.SALES_EVENTS, OrderStatusChangedPayload.class),
    ALERT_RAISED("sales.alert.raised", Topics.SALES_EVENTS, AlertPayload.class),
    ALERT_ESCALATED("sales.alert.escalated", Topics.SALES_EVENTS, AlertPayload.class),
    ALERT_ACKNOWLEDGED("sales.alert.acknowledged", Topics.SALES_EVENTS, AlertPayload.class),
    ALERT_RESOLVED("sales.alert.resolved", Topics.SALES_EVENTS, AlertPayload.class),
    ALERT_BROADCAST("sales.alert.broadcast", Topics.SALES_EVENTS, BroadcastPayload.class),
    NOTIFICATION("sales.notification", Topics.SALES_EVENTS, NotificationPayload.class),
    FORECAST_GENERATED("sales.forecast.generated", Topics.SALES_EVENTS, ForecastPayload.class),
    FORECAST_UPDATED("sales.forecast.updated", Topics.SALES_EVENTS, ForecastUpdatedPayload.class),
    FORECAST_MODEL_RETRAINED("sales.forecast.model_retrained", Topics.SALES_EVENTS, ModelRetrainedPayload.class),
    ANALYTICS_DAILY_SUMMARY("sales.analytics.daily_summary", Topics.SALES_EVENTS, DailySummaryPayload.class),
    ANALYTICS_MONTHLY_REPORT("sales.analytics.monthly_report", Topics.SALES_EVENTS, MonthlyReportPayload.class);

    private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;
    private final String topic;
    private final Class<?> payloadType;

    EventType(String wireName, String topic, Class<?> payloadType) {
        this.wireName = wireName;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    public String wireName() {
        return wireName;
    }

    public String topic() {
        return topic;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** Empty for a type this build does not know, which a consumer skips rather than fails on. */
    public static Optional<EventType> fromWire(String wireName) {
        return Optional.ofNullable(wireName).map(BY_WIRE_NAME::get);
    }
}
