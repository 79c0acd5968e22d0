package dev.stockpulse.sales.forecast.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.stockpulse.events.sales.ModelMetrics;
import dev.stockpulse.sales.demand.DemandHistory.Series;
import dev.stockpulse.sales.forecast.Backtest;

@ApplicationScoped
public class DemandForecastRepository implements PanacheRepositoryBase<DemandForecast, DemandForecast.Key> {

    private final Pool pool;

    public DemandForecastRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<DemandForecast> find(String tenantId, String scope, String subject) {
        return find("tenantId = ?1 and scope = ?2 and subject = ?3", tenantId, scope, subject).firstResult();
    }

    /** Locked: two instances retraining the same series must not both announce it. */
    public Uni<DemandForecast> findForUpdate(Series series) {
        return find("tenantId = ?1 and scope = ?2 and subject = ?3", series.tenantId(), series.scope().wireName(),
                series.subject()).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Replaces the series' backtest scores, in the caller's transaction. */
    public Uni<Void> replaceScores(Series series, List<Backtest.Score> scores, Instant at) {
        Uni<Void> chain = getSession().flatMap(session -> session.createNativeQuery(
                "DELETE FROM forecast_score WHERE tenant_id = :tenant AND scope = :scope AND subject = :subject")
                .setParameter("tenant", series.tenantId())
                .setParameter("scope", series.scope().wireName())
                .setParameter("subject", series.subject())
                .executeUpdate()).replaceWithVoid();
        for (Backtest.Score score : scores) {
            chain = chain.flatMap(v -> getSession().flatMap(session -> session.createNativeQuery("""
                    INSERT INTO forecast_score (tenant_id, scope, subject, method, origins, mase, rmsse, bias, bias_percent,
                                                coverage, computed_at)
                    VALUES (:tenant, :scope, :subject, :method, :origins, :mase, :rmsse, :bias, :biasPercent, :coverage,
                            :at)""")
                    .setParameter("tenant", series.tenantId())
                    .setParameter("scope", series.scope().wireName())
                    .setParameter("subject", series.subject())
                    .setParameter("method", score.method())
                    .setParameter("origins", score.origins())
                    .setParameter("mase", score.mase())
                    .setParameter("rmsse", score.rmsse())
                    .setParameter("bias", score.bias())
                    .setParameter("biasPercent", Double.isFinite(score.biasPercent()) ? score.biasPercent() : null)
                    .setParameter("coverage", score.coverage())
                    .setParameter("at", at)
                    .executeUpdate()).replaceWithVoid());
        }
        return chain;
    }

    /**
     * The tenant's last backtest per method, averaged over its series of the scope (or all, when null), the
     * benchmark first.
     */
    public Uni<List<ModelMetrics>> accuracy(String tenantId, String scope) {
        return pool.preparedQuery("""
                SELECT method, count(*) AS series, avg(mase) AS mase, avg(rmsse) AS rmsse, avg(bias) AS bias,
                       avg(bias_percent) AS bias_percent, avg(coverage) AS coverage
                FROM forecast_score WHERE tenant_id = $1 AND ($2::text IS NULL OR scope = $2)
                GROUP BY method ORDER BY method <> 'seasonal_naive', method = 'selected', method""")
                .execute(Tuple.of(tenantId, scope))
                .map(rows -> {
                    List<ModelMetrics> metrics = new ArrayList<>();
                    for (Row row : rows) {
                        metrics.add(new ModelMetrics(row.getString("method"), row.getLong("series").intValue(),
                                row.getDouble("mase"), row.getDouble("rmsse"), row.getDouble("bias"),
                                row.getDouble("bias_percent"), row.getDouble("coverage")));
                    }
                    return metrics;
                });
    }
}
