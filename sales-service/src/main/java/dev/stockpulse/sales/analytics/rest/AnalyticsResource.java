package dev.stockpulse.sales.analytics.rest;

import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID;
import static dev.stockpulse.commons.rest.RequestHeaders.CORRELATION_ID_MAX_LENGTH;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.smallrye.mutiny.Uni;

import dev.stockpulse.commons.problem.ProblemException;
import dev.stockpulse.commons.security.Caller;
import dev.stockpulse.events.sales.DailySummaryPayload;
import dev.stockpulse.events.sales.MonthlyReportPayload;
import dev.stockpulse.sales.analytics.service.AnalyticsService;
import dev.stockpulse.sales.analytics.service.AnalyticsService.Computed;
import dev.stockpulse.sales.outbox.Cause;

/**
 * The tenant's daily summaries and monthly reports, for staff and admins, as published on sales-events. Only a day or
 * month that has ended (UTC) has one: today, this month and the future are a 400.
 */
@Path("/api/analytics")
@RolesAllowed({ Caller.ROLE_STAFF, Caller.ROLE_ADMIN })
public class AnalyticsResource {

    /** Earlier dates are typing errors, not business days; they also keep far-off years away from the database. */
    static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);

    private final AnalyticsService analytics;
    private final Caller caller;

    public AnalyticsResource(AnalyticsService analytics, Caller caller) {
        this.analytics = analytics;
        this.caller = caller;
    }

    /** The day's summary; a past day never summarised is summarised now (and published). */
    @GET
    @Path("/daily/{date}")
    public Uni<DailySummaryPayload> daily(@PathParam("date") String date,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        LocalDate day = endedDay(date);
        return analytics.day(cause(correlationId), day);
    }

    /** Summarises the day again; published only if its figures changed. */
    @POST
    @Path("/daily/{date}/recompute")
    public Uni<DailySummaryPayload> recomputeDaily(@PathParam("date") String date,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        LocalDate day = endedDay(date);
        return analytics.summariseDay(cause(correlationId), day).map(Computed::report);
    }

    /** The month's report, from its stored daily summaries; a 404 when none of its days has one. */
    @GET
    @Path("/monthly/{month}")
    public Uni<MonthlyReportPayload> monthly(@PathParam("month") String month,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        YearMonth ended = endedMonth(month);
        return analytics.month(cause(correlationId), ended).map(report -> found(report, ended));
    }

    /** Reports the month again from its stored days; published only if its figures changed. */
    @POST
    @Path("/monthly/{month}/recompute")
    public Uni<MonthlyReportPayload> recomputeMonthly(@PathParam("month") String month,
            @HeaderParam(CORRELATION_ID) @Size(max = CORRELATION_ID_MAX_LENGTH) String correlationId) {
        YearMonth ended = endedMonth(month);
        return analytics.reportMonth(cause(correlationId), ended)
                .map(computed -> found(computed == null ? null : computed.report(), ended));
    }

    private Cause cause(String correlationId) {
        return Cause.ofRequest(caller.tenantId(), correlationId, null);
    }

    private static LocalDate endedDay(String date) {
        LocalDate day;
        try {
            day = LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("date", "must be a date, yyyy-MM-dd");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (day.isBefore(EARLIEST)) {
            throw ProblemException.invalid("date", "must be on or after " + EARLIEST);
        }
        if (!day.isBefore(today)) {
            throw ProblemException.invalid("date", "must be a day that has ended, before " + today + " (UTC)");
        }
        return day;
    }

    private static YearMonth endedMonth(String month) {
        YearMonth parsed;
        try {
            parsed = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("month", "must be a month, yyyy-MM");
        }
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        if (parsed.isBefore(YearMonth.from(EARLIEST))) {
            throw ProblemException.invalid("month", "must be " + YearMonth.from(EARLIEST) + " or later");
        }
        if (!parsed.isBefore(current)) {
            throw ProblemException.invalid("month", "must be a month that has ended, before " + current + " (UTC)");
        }
        return parsed;
    }

    private static MonthlyReportPayload found(MonthlyReportPayload report, YearMonth month) {
        if (report == null) {
            throw new ProblemException(404, "not-found", "Not found", "No day of " + month + " has a summary",
                    List.of());
        }
        return report;
    }
}
