package dev.stockpulse.commons.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;

/** Which failures are an exhausted database pool (503 with Retry-After) rather than a defect (500). */
class PoolExhaustionTest {

    @Test
    void thePoolsAcquisitionTimeoutIsOverloadAlsoWhenWrapped() {
        // What the reactive SQL client's pool fails a waiter with when no connection became free in time.
        Throwable timeout = Future.failedFuture("Timeout").cause();

        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(timeout)).isTrue();
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(new CompletionException(
                new HibernateException("could not obtain a connection", timeout)))).isTrue();
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(
                new VertxException("Timeout waiting for connection", true))).isTrue();
    }

    @Test
    void aFullWaitQueueIsOverload() {
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(new ConnectionPoolTooBusyException("full"))).isTrue();
    }

    @Test
    void otherFailuresStayDefects() {
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(new IllegalStateException("Timeout"))).isFalse();
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(Future.failedFuture("Connection refused").cause()))
                .isFalse();
        assertThat(ProblemExceptionMapper.isDatabasePoolExhausted(new RuntimeException(new RuntimeException())))
                .isFalse();
    }
}
