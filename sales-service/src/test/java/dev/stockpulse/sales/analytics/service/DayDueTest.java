package dev.stockpulse.sales.analytics.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

class DayDueTest {

    private static final LocalTime QUARTER_PAST = LocalTime.of(0, 15);

    @Test
    void theDayJustEndedIsDueOnceTheSetTimeHasPassed() {
        assertThat(AnalyticsService.dayDue(OffsetDateTime.parse("2026-12-05T00:15:00Z"), QUARTER_PAST))
                .isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(AnalyticsService.dayDue(OffsetDateTime.parse("2026-12-05T23:59:59Z"), QUARTER_PAST))
                .isEqualTo(LocalDate.of(2026, 12, 4));
    }

    @Test
    void beforeTheSetTimeTheDayBeforeIsTheLastDue() {
        assertThat(AnalyticsService.dayDue(OffsetDateTime.parse("2026-12-05T00:14:59Z"), QUARTER_PAST))
                .isEqualTo(LocalDate.of(2026, 12, 3));
        assertThat(AnalyticsService.dayDue(OffsetDateTime.parse("2026-03-01T00:00:00Z"), LocalTime.MIDNIGHT))
                .isEqualTo(LocalDate.of(2026, 2, 28));
    }

    @Test
    void anOffsetTimeIsTakenInUtc() {
        assertThat(AnalyticsService.dayDue(OffsetDateTime.parse("2026-12-05T01:30:00+02:00"), QUARTER_PAST))
                .isEqualTo(LocalDate.of(2026, 12, 3));
    }
}
