package dev.stockpulse.sales.forecast.service;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * The current forecast of one series (a product or a category of a tenant), replaced at each retraining. The
 * {@code published*} fields are those of the forecast last announced on sales-events: a new forecast is announced
 * only when it moved far enough from that one, so many small moves add up instead of going unnoticed.
 */
@Entity
@Table(name = "demand_forecast")
@IdClass(DemandForecast.Key.class)
public class DemandForecast {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    /** {@code product} or {@code category}. */
    @Id
    public String scope;

    /** The product id, or the category's name. */
    @Id
    public String subject;

    /** The product's category when it was forecast; the subject itself for a category. */
    public String category;

    public String method;
    public double level;
    public int horizon;

    @Column(name = "start_date")
    public LocalDate startDate;

    @Column(name = "history_days")
    public int historyDays;

    /** Units expected over the horizon. */
    @Column(name = "predicted_demand")
    public double predictedDemand;

    /** JSON array of {@code ForecastPoint}s, one per day of the horizon. */
    public String points;

    @Column(name = "published_demand")
    public double publishedDemand;

    @Column(name = "published_method")
    public String publishedMethod;

    /** When the series was first forecast. */
    @Column(name = "generated_at")
    public Instant generatedAt;

    /** When it was last retrained; demand recorded after this is new history. */
    @Column(name = "fitted_at")
    public Instant fittedAt;

    public static class Key implements Serializable {
        public String tenantId;
        public String scope;
        public String subject;

        public Key() {
        }

        public Key(String tenantId, String scope, String subject) {
            this.tenantId = tenantId;
            this.scope = scope;
            this.subject = subject;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(tenantId, k.tenantId) && Objects.equals(scope, k.scope)
                    && Objects.equals(subject, k.subject);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, scope, subject);
        }
    }
}
