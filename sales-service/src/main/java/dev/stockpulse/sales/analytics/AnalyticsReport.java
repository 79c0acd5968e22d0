package dev.stockpulse.sales.analytics;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * The last published summary of one tenant's day or report of its month: the figures a recomputation is compared
 * with, so that the same figures publish nothing and changed ones publish the next revision.
 */
@Entity
@Table(name = "analytics_report")
@IdClass(AnalyticsReport.Key.class)
public class AnalyticsReport {

    public static final String DAY = "day";
    public static final String MONTH = "month";

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    /** {@link #DAY} or {@link #MONTH}. */
    @Id
    public String kind;

    /** {@code yyyy-MM-dd} for a day, {@code yyyy-MM} for a month. */
    @Id
    public String period;

    public int revision;

    /** The payload as published (JSON). */
    public String report;

    @Column(name = "computed_at")
    public Instant computedAt;

    public static class Key implements Serializable {
        public String tenantId;
        public String kind;
        public String period;

        public Key() {
        }

        public Key(String tenantId, String kind, String period) {
            this.tenantId = tenantId;
            this.kind = kind;
            this.period = period;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(kind, k.kind)
                    && Objects.equals(period, k.period);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, kind, period);
        }
    }
}
