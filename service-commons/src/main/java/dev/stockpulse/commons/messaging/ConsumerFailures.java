package dev.stockpulse.commons.messaging;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hibernate.JDBCException;

import io.vertx.sqlclient.DatabaseException;

import dev.stockpulse.commons.problem.ProblemException;

/**
 * Whether a failure to apply an event can heal by waiting (retry the record) or never will (dead-letter it).
 *
 * <p>A database error is judged by its SQLSTATE wherever the stack put it: the reactive client's
 * {@link DatabaseException} ({@code PgException}), or the {@link SQLException} that Hibernate Reactive makes of it (a
 * {@link JDBCException} such as {@code DataException} or {@code ConstraintViolationException} whose cause is a
 * {@code SQLException} without a cause of its own). Only what can heal is transient: a lost connection (class 08),
 * a rolled-back transaction (40: serialization failure, deadlock), exhausted resources (53), operator intervention
 * (57: shutdown, cancel), a lock wait that timed out (55P03) and a read-only database during a failover (25006). Every
 * other SQLSTATE (22 data exception such as a value too long, 23 integrity constraint, 42 syntax...) fails the same
 * way on every attempt. A failure without a SQLSTATE is transient (the database unreachable before any statement),
 * unless it is a programming or contract error.
 */
public final class ConsumerFailures {

    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");
    private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "25006");
    /** A deferred constraint failing at commit: in class 40, but the same on every attempt. */
    private static final String INTEGRITY_AT_COMMIT = "40002";

    private ConsumerFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        Optional<SqlError> sql = sqlError(failure);
        if (sql.isPresent()) {
            return isTransientState(sql.get().state());
        }
        return !(failure instanceof IllegalArgumentException || failure instanceof IllegalStateException
                || failure instanceof ClassCastException || failure instanceof NullPointerException
                || failure instanceof ArithmeticException || failure instanceof IndexOutOfBoundsException
                || failure instanceof UnsupportedOperationException || failure instanceof ProblemException);
    }

    /** @param sqlState a five-character SQLSTATE */
    public static boolean isTransientState(String sqlState) {
        if (sqlState.equals(INTEGRITY_AT_COMMIT)) {
            return false;
        }
        return TRANSIENT_STATES.contains(sqlState)
                || sqlState.length() >= 2 && TRANSIENT_CLASSES.contains(sqlState.substring(0, 2));
    }

    /** Why a record is dead-lettered: the SQLSTATE and the database's words, or the failure itself. */
    public static String reason(Throwable failure) {
        return sqlError(failure).map(sql -> "permanent database error, SQLSTATE " + sql.state() + ": " + sql.message())
                .orElseGet(() -> "processing failed: " + failure);
    }

    /** A SQLSTATE and the message of the exception that carried it. */
    public record SqlError(String state, String message) {
    }

    /** The outermost SQLSTATE in the failure's causes; a carrier without a state does not stop the search. */
    public static Optional<SqlError> sqlError(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            String state = stateOf(t);
            if (state != null && !state.isBlank()) {
                return Optional.of(new SqlError(state, t.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static String stateOf(Throwable t) {
        if (t instanceof DatabaseException database) {
            return database.getSqlState();
        }
        if (t instanceof JDBCException jdbc) {
            return jdbc.getSQLState();
        }
        if (t instanceof SQLException sql) {
            return sql.getSQLState();
        }
        return null;
    }
}
