package dev.stockpulse.commons.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.smallrye.mutiny.CompositeException;
import io.vertx.pgclient.PgException;

import dev.stockpulse.commons.problem.ProblemException;

class ConsumerFailuresTest {

    @ParameterizedTest
    @ValueSource(strings = { "08000", "08001", "08006", "40000", "40001", "40003", "40P01", "53000", "53100", "53200",
            "53300", "57000", "57014", "57P01", "57P03", "55P03", "25006" })
    void statesThatCanHealAreRetried(String state) {
        assertThat(ConsumerFailures.isTransientState(state)).isTrue();
        assertThat(ConsumerFailures.isTransient(hibernate(state))).isTrue();
        assertThat(ConsumerFailures.isTransient(pg(state))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "22001", "22003", "22P02", "23502", "23503", "23505", "23514", "40002", "42P01", "42703",
            "0A000", "25P02", "55000", "54000", "P0001", "XX000", "HV000" })
    void statesThatFailTheSameWayEveryTimeAreDeadLettered(String state) {
        assertThat(ConsumerFailures.isTransientState(state)).isFalse();
        assertThat(ConsumerFailures.isTransient(hibernate(state))).isFalse();
        assertThat(ConsumerFailures.isTransient(pg(state))).isFalse();
    }

    @Test
    void whatHibernateReactiveThrowsIsJudgedByTheStateOfItsCauselessSqlException() {
        SQLException cause = new SQLException("ERROR: value too long for type character varying(64) (22001)", "22001");
        DataException thrown = new DataException("error executing SQL statement [ERROR: value too long]", cause);
        assertThat(cause.getCause()).isNull();
        assertThat(ConsumerFailures.isTransient(thrown)).isFalse();
        assertThat(ConsumerFailures.isTransient(cause)).isFalse();
        assertThat(ConsumerFailures.isTransient(new ConstraintViolationException("duplicate",
                new SQLException("ERROR: duplicate key", "23505"), "alert_one_open_per_kind"))).isFalse();
        assertThat(ConsumerFailures.isTransient(new GenericJDBCException("lost",
                new SQLException("ERROR: terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void aStateIsFoundUnderAnyWrapping() {
        Throwable deep = new CompletionException(new RuntimeException("applying", hibernate("23505")));
        assertThat(ConsumerFailures.isTransient(deep)).isFalse();
        assertThat(ConsumerFailures.sqlError(deep)).get().extracting(ConsumerFailures.SqlError::state).isEqualTo("23505");
        assertThat(ConsumerFailures.isTransient(new IllegalStateException("wrapped", pg("40P01")))).isTrue();
        assertThat(ConsumerFailures.isTransient(new CompositeException(List.of(pg("22001"), pg("08006"))))).isFalse();
        assertThat(ConsumerFailures.isTransient(new CompositeException(List.of(pg("40001"), pg("22001"))))).isTrue();
    }

    @Test
    void theOutermostStateDecides() {
        assertThat(ConsumerFailures.isTransient(new SQLException("could not serialize access", "40001", pg("22001"))))
                .isTrue();
        assertThat(ConsumerFailures.isTransient(new SQLException("value too long", "22001", pg("40001")))).isFalse();
    }

    @Test
    void aSqlExceptionWithoutStateLetsADeeperStateDecideOrNone() {
        assertThat(ConsumerFailures.isTransient(new SQLException("no state", (String) null, pg("23505")))).isFalse();
        assertThat(ConsumerFailures.isTransient(new SQLException("blank state", " ", pg("08006")))).isTrue();
        assertThat(ConsumerFailures.sqlError(new SQLException("no state"))).isEmpty();
        assertThat(ConsumerFailures.isTransient(new SQLException("no state"))).isTrue();
        assertThat(ConsumerFailures.isTransient(new DataException("no state", new SQLException("no state")))).isTrue();
    }

    @Test
    void withoutAStateTheDatabaseBeingAwayIsRetriedAndAProgrammingOrContractErrorIsNot() {
        assertThat(ConsumerFailures.isTransient(new ConnectException("Connection refused"))).isTrue();
        assertThat(ConsumerFailures.isTransient(new RuntimeException("Pool closed"))).isTrue();
        assertThat(ConsumerFailures.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(ConsumerFailures.isTransient(new IllegalStateException("bad"))).isFalse();
        assertThat(ConsumerFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(ConsumerFailures.isTransient(new ClassCastException())).isFalse();
        assertThat(ConsumerFailures.isTransient(new ArithmeticException("long overflow"))).isFalse();
        assertThat(ConsumerFailures.isTransient(new IndexOutOfBoundsException())).isFalse();
        assertThat(ConsumerFailures.isTransient(new UnsupportedOperationException())).isFalse();
        assertThat(ConsumerFailures.isTransient(ProblemException.invalid("quantity", "must be positive"))).isFalse();
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(ConsumerFailures.sqlError(a)).isEmpty();
        assertThat(ConsumerFailures.isTransient(a)).isTrue();
    }

    @Test
    void theReasonNamesTheStateAndTheDatabasesWords() {
        DataException thrown = new DataException("error executing SQL statement [ERROR: value too long for type"
                + " character varying(64) (22001)]", new SQLException("ERROR: value too long", "22001"));
        assertThat(ConsumerFailures.reason(thrown)).startsWith("permanent database error, SQLSTATE 22001: ")
                .contains("value too long for type character varying(64)");
        assertThat(ConsumerFailures.reason(new IllegalArgumentException("order_id must not be blank")))
                .isEqualTo("processing failed: java.lang.IllegalArgumentException: order_id must not be blank");
    }

    private static DataException hibernate(String state) {
        return new DataException("error executing SQL statement", new SQLException("ERROR (" + state + ")", state));
    }

    private static PgException pg(String state) {
        return new PgException("ERROR (" + state + ")", "ERROR", state, null);
    }
}
