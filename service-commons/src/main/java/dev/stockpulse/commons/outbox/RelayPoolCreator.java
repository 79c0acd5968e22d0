package dev.stockpulse.commons.outbox;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.PoolOptions;

/**
 * Creates the service's datasource pool as Quarkus does, and beside it the outbox relay's own pool of one connection,
 * from the connect options Quarkus built for the datasource (URL, user, password, TLS, reconnect settings, additional
 * properties), so none of that configuration is read twice. With one pool for both, a relay round queued for a
 * connection behind every waiting request, which added the pool's queue to each event's latency a second time.
 *
 * <p>The relay's pool differs from the requests' only in what makes it the relay's: one connection, never shared with
 * another pool of the same name, its own name for the {@code sql_pool_*} metrics ({@code pool_name}) and the client's
 * statement metrics ({@code clientName}), and an {@code application_name} that shows it in {@code pg_stat_activity}.
 * Quarkus hands a pool creator the connect options, not its credentials provider: credentials come from
 * {@code quarkus.datasource.username} and {@code password} (as in every StockPulse service), or a provider's answer
 * at start, for both pools.
 */
@Singleton
@IfBuildProperty(name = Outbox.ENABLED, stringValue = "true")
public class RelayPoolCreator implements PgPoolCreator {

    /** The relay pool's name in metrics. */
    static final String POOL_NAME = "outbox-relay";

    private final String applicationName;
    private final CompletableFuture<Pool> relayPool = new CompletableFuture<>();

    public RelayPoolCreator(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.applicationName = applicationName;
    }

    /** What the relay's connection calls itself in {@code pg_stat_activity}. */
    static String relayApplicationName(String applicationName) {
        return applicationName + " outbox relay";
    }

    @Override
    public io.vertx.sqlclient.Pool create(Input input) {
        PoolOptions relayOptions = new PoolOptions(input.poolOptions()).setMaxSize(1).setShared(false).setName(POOL_NAME);
        List<PgConnectOptions> relayDatabases = input.pgConnectOptionsList().stream()
                .map(options -> new PgConnectOptions(options)
                        .addProperty("application_name", relayApplicationName(applicationName))
                        // Quarkus' convention for the client metrics' name: "<kind>|<client name>".
                        .setMetricsName("postgresql|" + POOL_NAME))
                .toList();
        relayPool.complete(Pool.newInstance(PgDriver.INSTANCE.createPool(input.vertx(), relayDatabases, relayOptions)));
        return PgDriver.INSTANCE.createPool(input.vertx(), input.pgConnectOptionsList(), input.poolOptions());
    }

    /** The relay's pool, once Quarkus has created the datasource's pool (at start-up). */
    CompletionStage<Pool> relayPool() {
        return relayPool;
    }

    @PreDestroy
    void close() {
        relayPool.thenAccept(Pool::closeAndForget);
    }
}
