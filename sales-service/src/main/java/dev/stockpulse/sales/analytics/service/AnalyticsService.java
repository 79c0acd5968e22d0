package dev.stockpulse.sales.analytics.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.outbox.OutboxRelay;
import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.sales.analytics.AnalyticsReport;
import dev.stockpulse.sales.analytics.AnalyticsRepository;
import dev.stockpulse.sales.analytics.MonthlyTotals;
import dev.stockpulse.sales.config.SalesConfig;
import dev.stockpulse.sales.outbox.Cause;
import dev.stockpulse.sales.outbox.SalesEvents;

/**
 * Summarises a tenant's UTC day and reports its months, stores them, and publishes them on sales-events through the
 * outbox ({@code sales.analytics.daily_summary}, {@code .monthly_report}; priority low, key {@code tenant:analytics}).
 *
 * <p>Recomputing is idempotent: the new figures are compared with the stored ones; the same figures publish nothing,
 * changed figures are stored and published as the next revision. Two instances computing the same period at once
 * take turns (an advisory lock per period) and the second finds the first's figures. A changed day of a month that
 * was already reported reports the month again.
 */
@ApplicationScoped
public class AnalyticsService {

    private static final Logger LOG = Logger.getLogger(AnalyticsService.class);
    /** The key of a tenant's analytics events: one partition keeps its days and months in order. */
    static final String AGGREGATE = "analytics";
    static final String UTC = "UTC";

    /**
     * @param published whether this computation published it (first time, or changed figures)
     */
    public record Computed<P>(P report, boolean published) {
    }

    private final AnalyticsRepository repository;
    private final SalesEvents events;
    private final OutboxRelay relay;
    private final SalesConfig.Analytics settings;

    public AnalyticsService(AnalyticsRepository repository, SalesEvents events, OutboxRelay relay, SalesConfig config) {
        this.repository = repository;
        this.events = events;
        this.relay = relay;
        this.settings = config.analytics();
    }

    /** The stored summary of the day, or the day summarised now if it has none. */
    public Uni<DailySummaryPayload> day(Cause cause, LocalDate day) {
        return Panache.withSession(() -> repository.findReport(cause.tenantId(), AnalyticsReport.DAY, day.toString()))
                .flatMap(stored -> stored != null ? Uni.createFrom().item(read(stored.report, DailySummaryPayload.class))
                        : summariseDay(cause, day).map(Computed::report));
    }

    /**
     * Computes the day's figures and stores and publishes them if they are new or changed.
     *
     * <p>The stock value is the tenant's stock on hand when the day is first summarised, and only if that is before
     * the end of the day after: sales-service keeps no history of stock, so later it cannot know the day's. A
     * recomputation keeps the value first taken, so it does not make a past day look changed.
     */
    public Uni<Computed<DailySummaryPayload>> summariseDay(Cause cause, LocalDate day) {
        String tenant = cause.tenantId();
        Instant now = Instant.now();
        boolean stockKnowable = now.isBefore(AnalyticsRepository.start(day.plusDays(2)).toInstant());
        return Uni.combine().all().unis(repository.units(tenant, day), repository.orders(tenant, day),
                repository.alerts(tenant, day), repository.outOfStock(tenant, day),
                repository.topMovers(tenant, List.of(day)),
                stockKnowable ? repository.stockValue(tenant) : Uni.createFrom().<BigDecimal> nullItem())
                .asTuple()
                .flatMap(f -> Panache.withTransaction(() -> lock(tenant, AnalyticsReport.DAY, day.toString())
                        .flatMap(v -> repository.findReport(tenant, AnalyticsReport.DAY, day.toString()))
                        .flatMap(stored -> {
                            DailySummaryPayload before = stored == null ? null
                                    : read(stored.report, DailySummaryPayload.class);
                            BigDecimal stockValue = before != null ? before.stockValue() : f.getItem6();
                            Instant stockValueAt = before != null ? before.stockValueAt()
                                    : stockValue == null ? null : now;
                            DailySummaryPayload summary = new DailySummaryPayload(day, UTC, 1,
                                    f.getItem1().inOrders() + f.getItem1().direct(), f.getItem1().inOrders(),
                                    f.getItem1().direct(), f.getItem2().revenue(), f.getItem2().counts(), stockValue,
                                    stockValueAt, f.getItem4().count(), f.getItem4().longest(),
                                    f.getItem3().raised(), f.getItem3().resolved(), f.getItem5());
                            return store(cause, stored, AnalyticsReport.DAY, day.toString(), summary,
                                    DailySummaryPayload::withRevision, EventType.ANALYTICS_DAILY_SUMMARY);
                        })))
                .invoke(this::signalIfPublished)
                .call(computed -> computed.published() ? reportMonthIfReported(cause, YearMonth.from(day))
                        : Uni.createFrom().voidItem());
    }

    /** The stored report of the month, or the month reported now from its stored days; null when it has none. */
    public Uni<MonthlyReportPayload> month(Cause cause, YearMonth month) {
        return Panache.withSession(() -> repository.findReport(cause.tenantId(), AnalyticsReport.MONTH,
                month.toString()))
                .flatMap(stored -> stored != null ? Uni.createFrom().item(read(stored.report, MonthlyReportPayload.class))
                        : reportMonth(cause, month).map(computed -> computed == null ? null : computed.report()));
    }

    /**
     * Sums the month's stored days and stores and publishes the report if it is new or changed; null when the month
     * has no stored day.
     */
    public Uni<Computed<MonthlyReportPayload>> reportMonth(Cause cause, YearMonth month) {
        String tenant = cause.tenantId();
        return repository.daysOf(tenant, month).flatMap(reports -> {
            if (reports.isEmpty()) {
                return Uni.createFrom().nullItem();
            }
            List<DailySummaryPayload> days = reports.stream().map(r -> read(r, DailySummaryPayload.class)).toList();
            return repository.topMovers(tenant, days.stream().map(DailySummaryPayload::date).toList())
                    .flatMap(movers -> Panache.withTransaction(() -> lock(tenant, AnalyticsReport.MONTH,
                            month.toString())
                            .flatMap(v -> repository.findReport(tenant, AnalyticsReport.MONTH, month.toString()))
                            .flatMap(stored -> store(cause, stored, AnalyticsReport.MONTH, month.toString(),
                                    MonthlyTotals.of(month, days, movers, 1), MonthlyReportPayload::withRevision,
                                    EventType.ANALYTICS_MONTHLY_REPORT))))
                    .invoke(this::signalIfPublished);
        });
    }

    /**
     * What the schedule does at each check: once {@code sales.analytics.daily-at} has passed, every tenant without a
     * summary of the day just ended gets one, then every tenant with days of the month just ended and no report of
     * it gets its report. A tenant that fails is logged and left for the next check.
     *
     * @return the tenants whose day was summarised
     */
    public Uni<Integer> catchUp(OffsetDateTime now) {
        LocalDate day = dayDue(now, settings.dailyAt());
        YearMonth month = YearMonth.from(day.plusDays(1)).minusMonths(1);
        return repository.tenantsWithoutDay(day)
                .flatMap(tenants -> Multi.createFrom().iterable(tenants)
                        .onItem().transformToUniAndConcatenate(tenant -> summariseDay(
                                Cause.scheduled(tenant, "analytics-daily"), day)
                                .onFailure().invoke(e -> LOG.warnf("Summary of %s for %s not made this time: %s", day,
                                        tenant, e.getMessage()))
                                .onFailure().recoverWithNull())
                        .collect().asList().map(done -> (int) done.stream().filter(Objects::nonNull).count()))
                .call(() -> repository.tenantsWithoutMonth(month)
                        .flatMap(tenants -> Multi.createFrom().iterable(tenants)
                                .onItem().transformToUniAndConcatenate(tenant -> reportMonth(
                                        Cause.scheduled(tenant, "analytics-monthly"), month)
                                        .onFailure().invoke(e -> LOG.warnf("Report of %s for %s not made this time: %s",
                                                month, tenant, e.getMessage()))
                                        .onFailure().recoverWithNull())
                                .collect().asList()));
    }

    /** The last day whose summary is due at {@code now}: the day before, once {@code dailyAt} has passed. */
    static LocalDate dayDue(OffsetDateTime now, LocalTime dailyAt) {
        return now.withOffsetSameInstant(ZoneOffset.UTC).minusNanos(dailyAt.toNanoOfDay()).toLocalDate().minusDays(1);
    }

    private Uni<Void> reportMonthIfReported(Cause cause, YearMonth month) {
        return Panache.withSession(() -> repository.findReport(cause.tenantId(), AnalyticsReport.MONTH,
                month.toString()))
                .flatMap(stored -> stored == null ? Uni.createFrom().voidItem()
                        : reportMonth(cause, month).replaceWithVoid());
    }

    private interface Revisable<P> {
        P withRevision(P payload, int revision);
    }

    private <P> Uni<Computed<P>> store(Cause cause, AnalyticsReport stored, String kind, String period, P computed,
            Revisable<P> revisable, EventType type) {
        if (stored != null && write(revisable.withRevision(computed, stored.revision)).equals(stored.report)) {
            return Uni.createFrom().item(new Computed<>(revisable.withRevision(computed, stored.revision), false));
        }
        AnalyticsReport row = stored;
        if (row == null) {
            row = new AnalyticsReport();
            row.tenantId = cause.tenantId();
            row.kind = kind;
            row.period = period;
        }
        P report = revisable.withRevision(computed, stored == null ? 1 : stored.revision + 1);
        row.revision = stored == null ? 1 : stored.revision + 1;
        row.report = write(report);
        row.computedAt = Instant.now();
        AnalyticsReport toSave = row;
        return repository.persist(toSave)
                .flatMap(saved -> events.publish(type, cause, Priority.LOW, null, report, AGGREGATE))
                .replaceWith(new Computed<>(report, true));
    }

    /** Serialises computations of one tenant's period across instances, for the length of the transaction. */
    private Uni<Void> lock(String tenant, String kind, String period) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(:key))) AS locked")
                .setParameter("key", "analytics:" + tenant + ":" + kind + ":" + period)
                .getSingleResult())
                .replaceWithVoid();
    }

    private void signalIfPublished(Computed<?> computed) {
        if (computed != null && computed.published()) {
            relay.signal();
        }
    }

    private static String write(Object payload) {
        try {
            return EventCodec.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("analytics report not serialisable", e);
        }
    }

    private static <P> P read(String json, Class<P> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored analytics report unreadable", e);
        }
    }
}
