package dev.stockpulse.commons.retention;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Deletes rows past a retention: the housekeeping of every table that would otherwise grow forever. */
public final class AgedRows {

    private static final Logger LOG = Logger.getLogger(AgedRows.class);

    private AgedRows() {
    }

    /**
     * Runs {@code delete}, a DELETE whose only parameter {@code $1} is the oldest time kept (now − {@code retention},
     * UTC), and logs how many rows went when any did.
     *
     * @param what the rows, for the log line (e.g. "sent outbox event(s)")
     * @return how many rows were deleted
     */
    public static Uni<Integer> delete(Pool pool, String delete, Duration retention, String what) {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(retention);
        return pool.preparedQuery(delete)
                .execute(Tuple.of(before))
                .map(rows -> rows.rowCount())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Removed %d %s older than %s", n, what, retention);
                    }
                });
    }
}
