package dev.stockpulse.sales.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.events.sales.OrderCounts;
import dev.stockpulse.events.sales.OutOfStockProduct;
import dev.stockpulse.events.sales.TopMover;

/**
 * The stored summaries and reports, and the figures of a day read from what sales-service records: the demand
 * history ({@code demand_day}), the orders, the alerts and the product view. Days are UTC.
 */
@ApplicationScoped
public class AnalyticsRepository implements PanacheRepositoryBase<AnalyticsReport, AnalyticsReport.Key> {

    /** Products listed by name in a summary's {@code out_of_stock}; the count has them all. */
    static final int OUT_OF_STOCK_LISTED = 50;
    static final int TOP_MOVERS = 5;

    /** Units of a day: sale movements and delivered order lines. */
    public record Units(long inOrders, long direct) {
    }

    /** Orders that reached each status on a day, and the totals of those delivered. */
    public record Orders(OrderCounts counts, BigDecimal revenue) {
    }

    public record Alerts(int raised, int resolved) {
    }

    /** Products out of stock at the end of a day: how many, and the longest out. */
    public record OutOfStock(int count, List<OutOfStockProduct> longest) {
    }

    private final Pool pool;

    public AnalyticsRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<AnalyticsReport> findReport(String tenantId, String kind, String period) {
        return findById(new AnalyticsReport.Key(tenantId, kind, period));
    }

    public Uni<Units> units(String tenantId, LocalDate day) {
        return pool.preparedQuery("""
                SELECT coalesce(sum(delivered_units), 0) AS in_orders, coalesce(sum(sold_units), 0) AS direct
                FROM demand_day WHERE tenant_id = $1 AND day = $2""")
                .execute(Tuple.of(tenantId, day))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Units(number(row, "in_orders"), number(row, "direct"));
                });
    }

    /** The products that sold most units on the days given, most first; ties by product id. */
    public Uni<List<TopMover>> topMovers(String tenantId, List<LocalDate> days) {
        return pool.preparedQuery("""
                SELECT d.product_id, max(p.name) AS name, sum(d.sold_units + d.delivered_units) AS units
                FROM demand_day d
                LEFT JOIN product_view p ON p.tenant_id = d.tenant_id AND p.product_id = d.product_id
                WHERE d.tenant_id = $1 AND d.day = ANY($2)
                GROUP BY d.product_id HAVING sum(d.sold_units + d.delivered_units) > 0
                ORDER BY units DESC, d.product_id LIMIT $3""")
                .execute(Tuple.of(tenantId, days.toArray(LocalDate[]::new), TOP_MOVERS))
                .map(rows -> {
                    List<TopMover> movers = new ArrayList<>();
                    for (Row row : rows) {
                        movers.add(new TopMover(row.getString("product_id"), row.getString("name"),
                                number(row, "units")));
                    }
                    return movers;
                });
    }

    /**
     * Created by {@code created_at}, confirmed by {@code confirmed_at}; the final statuses by {@code updated_at},
     * which no longer moves once an order is rejected, cancelled or delivered.
     */
    public Uni<Orders> orders(String tenantId, LocalDate day) {
        return pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE created_at >= $2 AND created_at < $3) AS created,
                       count(*) FILTER (WHERE confirmed_at >= $2 AND confirmed_at < $3) AS confirmed,
                       count(*) FILTER (WHERE status = 'rejected' AND updated_at >= $2 AND updated_at < $3) AS rejected,
                       count(*) FILTER (WHERE status = 'delivered' AND updated_at >= $2 AND updated_at < $3) AS delivered,
                       count(*) FILTER (WHERE status = 'cancelled' AND updated_at >= $2 AND updated_at < $3) AS cancelled,
                       coalesce(sum(total) FILTER (WHERE status = 'delivered' AND updated_at >= $2 AND updated_at < $3), 0)
                           AS revenue
                FROM sales_order
                WHERE tenant_id = $1 AND ((created_at >= $2 AND created_at < $3) OR (updated_at >= $2 AND updated_at < $3)
                                          OR (confirmed_at >= $2 AND confirmed_at < $3))""")
                .execute(Tuple.of(tenantId, start(day), start(day.plusDays(1))))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Orders(new OrderCounts(number(row, "created"), number(row, "confirmed"),
                            number(row, "rejected"), number(row, "delivered"), number(row, "cancelled")),
                            amount(row, "revenue"));
                });
    }

    public Uni<Alerts> alerts(String tenantId, LocalDate day) {
        return pool.preparedQuery("""
                SELECT count(*) FILTER (WHERE raised_at >= $2 AND raised_at < $3) AS raised,
                       count(*) FILTER (WHERE resolved_at >= $2 AND resolved_at < $3) AS resolved
                FROM alert
                WHERE tenant_id = $1 AND ((raised_at >= $2 AND raised_at < $3) OR (resolved_at >= $2 AND resolved_at < $3))""")
                .execute(Tuple.of(tenantId, start(day), start(day.plusDays(1))))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Alerts((int) number(row, "raised"), (int) number(row, "resolved"));
                });
    }

    /**
     * Out of stock at the end of the day: an {@code out_of_stock} alert raised before it and not resolved by then
     * (inventory reported a warehouse empty, and no replenishment since). Out since the alert was raised.
     */
    public Uni<OutOfStock> outOfStock(String tenantId, LocalDate day) {
        OffsetDateTime end = start(day.plusDays(1));
        return pool.preparedQuery("""
                SELECT product_id, raised_at, count(*) OVER () AS total FROM alert
                WHERE tenant_id = $1 AND kind = 'out_of_stock' AND raised_at < $2 AND (resolved_at IS NULL OR resolved_at >= $2)
                ORDER BY raised_at, product_id LIMIT $3""")
                .execute(Tuple.of(tenantId, end, OUT_OF_STOCK_LISTED))
                .map(rows -> {
                    List<OutOfStockProduct> longest = new ArrayList<>();
                    int total = 0;
                    for (Row row : rows) {
                        total = (int) number(row, "total");
                        OffsetDateTime since = row.getOffsetDateTime("raised_at");
                        double hours = Duration.between(since, end).toSeconds() / 3600.0;
                        longest.add(new OutOfStockProduct(row.getString("product_id"), since.toInstant(),
                                Math.round(hours * 10) / 10.0));
                    }
                    return new OutOfStock(total, longest);
                });
    }

    /** The tenant's stock on hand now, at catalogue prices; products without a price are left out. */
    public Uni<BigDecimal> stockValue(String tenantId) {
        return pool.preparedQuery("""
                SELECT coalesce(sum(stock_on_hand * unit_price), 0) AS value FROM product_view
                WHERE tenant_id = $1 AND NOT deleted AND stock_on_hand > 0 AND unit_price IS NOT NULL""")
                .execute(Tuple.of(tenantId))
                .map(rows -> amount(rows.iterator().next(), "value"));
    }

    /** Tenants sales-service knows of with no summary of the day yet. */
    public Uni<List<String>> tenantsWithoutDay(LocalDate day) {
        return tenants("""
                SELECT tenant_id FROM product_view UNION SELECT tenant_id FROM sales_order
                UNION SELECT tenant_id FROM alert UNION SELECT tenant_id FROM demand_day
                EXCEPT SELECT tenant_id FROM analytics_report WHERE kind = 'day' AND period = $1
                ORDER BY 1""", Tuple.of(day.toString()));
    }

    /** Tenants with summaries of days of the month and no report of it yet. */
    public Uni<List<String>> tenantsWithoutMonth(YearMonth month) {
        return tenants("""
                SELECT tenant_id FROM analytics_report WHERE kind = 'day' AND period >= $1 AND period <= $2
                EXCEPT SELECT tenant_id FROM analytics_report WHERE kind = 'month' AND period = $3
                ORDER BY 1""", Tuple.of(month.atDay(1).toString(), month.atEndOfMonth().toString(), month.toString()));
    }

    /** The stored summaries (JSON) of the month's days, in date order. */
    public Uni<List<String>> daysOf(String tenantId, YearMonth month) {
        return pool.preparedQuery("""
                SELECT report FROM analytics_report
                WHERE tenant_id = $1 AND kind = 'day' AND period >= $2 AND period <= $3 ORDER BY period""")
                .execute(Tuple.of(tenantId, month.atDay(1).toString(), month.atEndOfMonth().toString()))
                .map(rows -> {
                    List<String> reports = new ArrayList<>();
                    rows.forEach(row -> reports.add(row.getString("report")));
                    return reports;
                });
    }

    private Uni<List<String>> tenants(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(AnalyticsRepository::firstColumn);
    }

    private static List<String> firstColumn(RowSet<Row> rows) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.getString(0)));
        return values;
    }

    /** The first instant of the UTC day. */
    public static OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    private static long number(Row row, String column) {
        return ((Number) row.getValue(column)).longValue();
    }

    private static BigDecimal amount(Row row, String column) {
        return row.getBigDecimal(column).setScale(2, RoundingMode.HALF_UP);
    }
}
