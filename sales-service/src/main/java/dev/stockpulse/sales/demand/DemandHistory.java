package dev.stockpulse.sales.demand;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.inventory.StockUpdatedPayload;

/**
 * Daily demand per tenant and product ({@code demand_day}): a day's total, not every movement. Written inside the
 * transaction of what caused it — the consumer's, whose {@code processed_event} row makes a redelivered movement
 * change nothing, or an order's delivery, which happens once — so the history counts every unit once.
 *
 * <p>Days are UTC. A category's history is the sum of the days of the products that are in it now (from the product
 * view), so a product moved to another category takes its history along.
 */
@ApplicationScoped
public class DemandHistory {

    /** A series to forecast: a product, or a category. */
    public record Series(String tenantId, Scope scope, String subject) {
    }

    public enum Scope {
        PRODUCT, CATEGORY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The days of a series up to {@code until} (exclusive), from its first day with demand, at most {@code maxDays}.
     *
     * @param units one per day, 0 where nothing sold
     */
    public record Days(LocalDate first, double[] units) {
        public int length() {
            return units.length;
        }
    }

    /** The movement reason of a sale outside the order flow (a till, a marketplace). */
    static final String SALE = "sale";

    private final Pool pool;

    public DemandHistory(Pool pool) {
        this.pool = pool;
    }

    /**
     * The {@code sale} movements of a batch of events, summed per product and UTC day of the event, to be recorded in
     * one statement ({@link #record(Sales)}). Reservations are not counted: an order's units count once, when it is
     * delivered (a cancelled or rejected order sold nothing).
     */
    public static final class Sales {

        private record Day(String tenantId, String productId, LocalDate day) {
        }

        private final Map<Day, Long> units = new LinkedHashMap<>();

        public void add(EventEnvelope<StockUpdatedPayload> event) {
            StockUpdatedPayload p = event.payload();
            if (SALE.equals(p.reason()) && p.delta() < 0) {
                units.merge(new Day(event.metadata().tenantId(), p.productId(),
                        LocalDate.ofInstant(event.metadata().timestamp(), ZoneOffset.UTC)), -p.delta(), Long::sum);
            }
        }
    }

    /** Adds the sales to their days. */
    public Uni<Void> record(Sales sales) {
        if (sales.units.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Sales.Day> days = List.copyOf(sales.units.keySet());
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO demand_day (tenant_id, product_id, day, sold_units, recorded_at)
                SELECT tenant_id, product_id, day, units, clock_timestamp()
                FROM unnest(cast(:tenants AS varchar[]), cast(:products AS varchar[]), cast(:days AS date[]),
                            cast(:units AS bigint[])) AS sold (tenant_id, product_id, day, units)
                ON CONFLICT (tenant_id, product_id, day)
                DO UPDATE SET sold_units = demand_day.sold_units + EXCLUDED.sold_units, recorded_at = EXCLUDED.recorded_at""")
                .setParameter("tenants", days.stream().map(Sales.Day::tenantId).toArray(String[]::new))
                .setParameter("products", days.stream().map(Sales.Day::productId).toArray(String[]::new))
                .setParameter("days", days.stream().map(Sales.Day::day).toArray(LocalDate[]::new))
                .setParameter("units", days.stream().map(sales.units::get).toArray(Long[]::new))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Units of an order line delivered, on the UTC day of the delivery. */
    public Uni<Void> recordDelivered(String tenantId, String productId, Instant at, long units) {
        if (units <= 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                INSERT INTO demand_day (tenant_id, product_id, day, delivered_units, recorded_at)
                VALUES (:tenant, :product, :day, :units, clock_timestamp())
                ON CONFLICT (tenant_id, product_id, day)
                DO UPDATE SET delivered_units = demand_day.delivered_units + EXCLUDED.delivered_units,
                              recorded_at = EXCLUDED.recorded_at""")
                .setParameter("tenant", tenantId)
                .setParameter("product", productId)
                .setParameter("day", LocalDate.ofInstant(at, ZoneOffset.UTC))
                .setParameter("units", units)
                .executeUpdate())
                .replaceWithVoid();
    }

    /** The series' daily units before {@code until}; empty (length 0) when it has none. */
    public Uni<Days> days(Series series, LocalDate until, int maxDays) {
        LocalDate from = until.minusDays(maxDays);
        Uni<RowSet<Row>> rows = series.scope() == Scope.PRODUCT
                ? pool.preparedQuery("""
                        SELECT day, sold_units + delivered_units AS units FROM demand_day
                        WHERE tenant_id = $1 AND product_id = $2 AND day >= $3 AND day < $4 ORDER BY day""")
                        .execute(Tuple.of(series.tenantId(), series.subject(), from, until))
                : pool.preparedQuery("""
                        SELECT d.day, sum(d.sold_units + d.delivered_units) AS units
                        FROM demand_day d JOIN product_view p ON p.tenant_id = d.tenant_id AND p.product_id = d.product_id
                        WHERE d.tenant_id = $1 AND p.category = $2 AND d.day >= $3 AND d.day < $4
                        GROUP BY d.day ORDER BY d.day""")
                        .execute(Tuple.of(series.tenantId(), series.subject(), from, until));
        return rows.map(result -> {
            LocalDate first = null;
            double[] units = new double[0];
            for (Row row : result) {
                LocalDate day = row.getLocalDate("day");
                if (first == null) {
                    first = day;
                    units = new double[(int) ChronoUnit.DAYS.between(first, until)];
                }
                units[(int) ChronoUnit.DAYS.between(first, day)] = ((Number) row.getValue("units")).doubleValue();
            }
            return new Days(first, units);
        });
    }

    /** Every series with demand before {@code until}: the tenant's products, and the categories they are in. */
    public Uni<List<Series>> allSeries(LocalDate until) {
        return series("""
                SELECT DISTINCT tenant_id, product_id AS subject, 'product' AS scope FROM demand_day WHERE day < $1
                UNION
                SELECT DISTINCT d.tenant_id, p.category, 'category' FROM demand_day d
                JOIN product_view p ON p.tenant_id = d.tenant_id AND p.product_id = d.product_id
                WHERE d.day < $1 AND p.category IS NOT NULL
                ORDER BY 1, 3 DESC, 2""", Tuple.of(until));
    }

    /**
     * Series with new history: products with at least {@code minNewDays} days before {@code until} recorded since
     * their forecast was fitted (or never forecast), and the categories of those products. Only days recorded after
     * {@code recordedAfter} are looked at, so the check reads the recent rows, not the whole history.
     */
    public Uni<List<Series>> seriesWithNewHistory(LocalDate until, int minNewDays, OffsetDateTime recordedAfter) {
        return series("""
                WITH fresh AS (
                    SELECT d.tenant_id, d.product_id FROM demand_day d
                    LEFT JOIN demand_forecast f
                           ON f.tenant_id = d.tenant_id AND f.scope = 'product' AND f.subject = d.product_id
                    WHERE d.recorded_at > $3 AND d.day < $1 AND (f.fitted_at IS NULL OR d.recorded_at > f.fitted_at)
                    GROUP BY d.tenant_id, d.product_id HAVING count(*) >= $2)
                SELECT tenant_id, product_id AS subject, 'product' AS scope FROM fresh
                UNION
                SELECT DISTINCT f.tenant_id, p.category, 'category' FROM fresh f
                JOIN product_view p ON p.tenant_id = f.tenant_id AND p.product_id = f.product_id
                WHERE p.category IS NOT NULL
                ORDER BY 1, 3 DESC, 2""", Tuple.of(until, minNewDays, recordedAfter));
    }

    private Uni<List<Series>> series(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Series> found = new ArrayList<>();
            for (Row row : rows) {
                found.add(new Series(row.getString("tenant_id"),
                        "product".equals(row.getString("scope")) ? Scope.PRODUCT : Scope.CATEGORY,
                        row.getString("subject")));
            }
            return found;
        });
    }
}
