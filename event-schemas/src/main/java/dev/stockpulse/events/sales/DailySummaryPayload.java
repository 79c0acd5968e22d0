package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's business on one day ({@code sales.analytics.daily_summary}). A recomputed day whose figures changed is
 * published again with a higher {@code revision}.
 *
 * @param date               the day
 * @param timeZone           the zone the day is in; always {@code UTC} for now
 * @param revision           1 for the first summary of the day, one more for each change
 * @param unitsSold          {@code units_sold_in_orders} + {@code units_sold_direct}
 * @param unitsSoldInOrders  units of the orders delivered that day
 * @param unitsSoldDirect    units of inventory's {@code sale} movements (sales outside StockPulse orders)
 * @param revenue            totals of the orders delivered that day; direct sales carry no price and are not in it
 * @param orders             orders that reached each status that day
 * @param stockValue         stock on hand at catalogue prices, taken once near the end of the day; absent when the
 *                           day was first summarised too late to know it
 * @param stockValueAt       when {@code stock_value} was taken
 * @param productsOutOfStock products out of stock at the end of the day
 * @param outOfStock         those of them out longest, longest first (at most 50)
 * @param alertsRaised       alerts raised that day
 * @param alertsResolved     alerts resolved that day
 * @param topMovers          the products that sold most units, most first (at most 5)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DailySummaryPayload(
        LocalDate date,
        String timeZone,
        @JsonProperty(required = true) int revision,
        @JsonProperty(required = true) long unitsSold,
        @JsonProperty(required = true) long unitsSoldInOrders,
        @JsonProperty(required = true) long unitsSoldDirect,
        BigDecimal revenue,
        OrderCounts orders,
        BigDecimal stockValue,
        Instant stockValueAt,
        @JsonProperty(required = true) int productsOutOfStock,
        List<OutOfStockProduct> outOfStock,
        @JsonProperty(required = true) int alertsRaised,
        @JsonProperty(required = true) int alertsResolved,
        List<TopMover> topMovers) {

    public DailySummaryPayload {
        Checks.required(date, "date");
        Checks.requiredText(timeZone, "time_zone");
        Checks.positive(revision, "revision");
        Checks.nonNegative(unitsSoldInOrders, "units_sold_in_orders");
        Checks.nonNegative(unitsSoldDirect, "units_sold_direct");
        if (unitsSold != unitsSoldInOrders + unitsSoldDirect) {
            throw new IllegalArgumentException("units_sold must be units_sold_in_orders + units_sold_direct, was "
                    + unitsSold);
        }
        Checks.nonNegativeAmount(revenue, "revenue");
        Checks.required(orders, "orders");
        if (stockValue != null) {
            Checks.nonNegativeAmount(stockValue, "stock_value");
        }
        if ((stockValue == null) != (stockValueAt == null)) {
            throw new IllegalArgumentException("stock_value_at must be given with stock_value, and only with it");
        }
        Checks.nonNegative(productsOutOfStock, "products_out_of_stock");
        outOfStock = Checks.requiredList(outOfStock, "out_of_stock");
        if (outOfStock.size() > productsOutOfStock) {
            throw new IllegalArgumentException("out_of_stock must not list more than products_out_of_stock");
        }
        Checks.nonNegative(alertsRaised, "alerts_raised");
        Checks.nonNegative(alertsResolved, "alerts_resolved");
        topMovers = Checks.requiredList(topMovers, "top_movers");
    }

    public DailySummaryPayload withRevision(int revision) {
        return new DailySummaryPayload(date, timeZone, revision, unitsSold, unitsSoldInOrders, unitsSoldDirect, revenue,
                orders, stockValue, stockValueAt, productsOutOfStock, outOfStock, alertsRaised, alertsResolved,
                topMovers);
    }
}
