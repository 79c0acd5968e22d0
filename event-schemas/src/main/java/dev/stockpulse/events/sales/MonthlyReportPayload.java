package dev.stockpulse.events.sales;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.stockpulse.events.Checks;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A tenant's month ({@code sales.analytics.monthly_report}): its daily summaries summed. A month whose figures
 * changed (a day of it recomputed) is published again with a higher {@code revision}.
 *
 * @param month                  {@code yyyy-MM}
 * @param timeZone               the zone the days are in; always {@code UTC} for now
 * @param daysCovered            days of the month with a summary; the sums are over these
 * @param daysInMonth            days the month has
 * @param outOfStockProductDays  the daily {@code products_out_of_stock} summed: one product out for a week is 7
 * @param topMovers              the products that sold most units over the month, most first (at most 5)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonthlyReportPayload(
        String month,
        String timeZone,
        @JsonProperty(required = true) int revision,
        @JsonProperty(required = true) int daysCovered,
        @JsonProperty(required = true) int daysInMonth,
        @JsonProperty(required = true) long unitsSold,
        @JsonProperty(required = true) long unitsSoldInOrders,
        @JsonProperty(required = true) long unitsSoldDirect,
        BigDecimal revenue,
        OrderCounts orders,
        @JsonProperty(required = true) long outOfStockProductDays,
        @JsonProperty(required = true) long alertsRaised,
        @JsonProperty(required = true) long alertsResolved,
        List<TopMover> topMovers) {

    private static final Pattern MONTH = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    public MonthlyReportPayload {
        if (!MONTH.matcher(Checks.requiredText(month, "month")).matches()) {
            throw new IllegalArgumentException("month must be yyyy-MM, was '" + month + "'");
        }
        Checks.requiredText(timeZone, "time_zone");
        Checks.positive(revision, "revision");
        Checks.positive(daysCovered, "days_covered");
        if (daysCovered > daysInMonth || daysInMonth > 31) {
            throw new IllegalArgumentException("days_covered must not exceed days_in_month (at most 31), was "
                    + daysCovered + " of " + daysInMonth);
        }
        Checks.nonNegative(unitsSoldInOrders, "units_sold_in_orders");
        Checks.nonNegative(unitsSoldDirect, "units_sold_direct");
        if (unitsSold != unitsSoldInOrders + unitsSoldDirect) {
            throw new IllegalArgumentException("units_sold must be units_sold_in_orders + units_sold_direct, was "
                    + unitsSold);
        }
        Checks.nonNegativeAmount(revenue, "revenue");
        Checks.required(orders, "orders");
        Checks.nonNegative(outOfStockProductDays, "out_of_stock_product_days");
        Checks.nonNegative(alertsRaised, "alerts_raised");
        Checks.nonNegative(alertsResolved, "alerts_resolved");
        topMovers = Checks.requiredList(topMovers, "top_movers");
    }

    public MonthlyReportPayload withRevision(int revision) {
        return new MonthlyReportPayload(month, timeZone, revision, daysCovered, daysInMonth, unitsSold,
                unitsSoldInOrders, unitsSoldDirect, revenue, orders, outOfStockProductDays, alertsRaised,
                alertsResolved, topMovers);
    }
}
