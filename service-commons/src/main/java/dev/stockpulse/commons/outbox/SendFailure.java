package dev.stockpulse.commons.outbox;

import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Why one outbox row was not accepted by Kafka, and whether sending the same row again can ever succeed.
 *
 * <p>The line is drawn between the row and its surroundings. What is wrong with the record itself (too large, not
 * serialisable, an illegal topic name) fails the same way every time: the row is parked for an operator. What is
 * wrong around it (broker, network, replicas, credentials, ACLs) heals when the surroundings are fixed, without
 * anyone touching rows, so it is retried for as long as it takes. Anything else is retried a bounded number of times.
 */
public enum SendFailure {

    /** The broker, the network or the cluster's settings: retried until it heals. */
    TRANSIENT,
    /** The record itself can never be accepted as it is: parked at once. */
    PERMANENT,
    /** Not recognised: retried, and parked after the configured number of attempts. */
    UNKNOWN;

    private static final int MAX_CAUSES = 16;
    private static final int MAX_REASON = 1000;

    /** Classifies by the first Kafka (or timeout) exception in the cause chain; wrappers say nothing. */
    public static SendFailure of(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof SerializationException || t instanceof InvalidTopicException
                    || t instanceof InvalidRecordException) {
                return PERMANENT;
            }
            // RetriableException covers timeouts, not-enough-replicas, leader changes, disconnects and an unknown
            // topic (still being created); authentication and authorisation are the cluster's settings, not the row's.
            if (t instanceof RetriableException || t instanceof AuthorizationException
                    || t instanceof AuthenticationException || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException) {
                return TRANSIENT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return UNKNOWN;
    }

    /** The failure as an operator reads it: the innermost exception's class and message, bounded for the table. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_CAUSES; depth++) {
            root = root.getCause();
        }
        String text = root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }
}
