package dev.stockpulse.commons.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class SendFailureTest {

    @Test
    void whatIsWrongWithTheRecordItselfIsPermanent() {
        assertThat(SendFailure.of(new RecordTooLargeException("The message is 1100000 bytes"))).isEqualTo(SendFailure.PERMANENT);
        assertThat(SendFailure.of(new RecordBatchTooLargeException("batch"))).isEqualTo(SendFailure.PERMANENT);
        assertThat(SendFailure.of(new SerializationException("cannot serialise"))).isEqualTo(SendFailure.PERMANENT);
        assertThat(SendFailure.of(new InvalidTopicException("bad topic!"))).isEqualTo(SendFailure.PERMANENT);
    }

    @Test
    void whatIsWrongAroundItIsTransient() {
        assertThat(SendFailure.of(new TimeoutException("Expiring 1 record(s)"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new NotEnoughReplicasException("isr"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new NetworkException("disconnected"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new NotLeaderOrFollowerException("moved"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new UnknownTopicOrPartitionException("creating"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new TopicAuthorizationException("acl"))).isEqualTo(SendFailure.TRANSIENT);
        assertThat(SendFailure.of(new io.smallrye.mutiny.TimeoutException())).isEqualTo(SendFailure.TRANSIENT);
    }

    @Test
    void wrappersAreLookedThrough() {
        assertThat(SendFailure.of(new CompletionException(new KafkaException("send failed",
                new RecordTooLargeException("too large"))))).isEqualTo(SendFailure.PERMANENT);
        assertThat(SendFailure.of(new CompletionException(new TimeoutException("late")))).isEqualTo(SendFailure.TRANSIENT);
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(SendFailure.of(new IllegalStateException("emitter closed"))).isEqualTo(SendFailure.UNKNOWN);
        assertThat(SendFailure.of(new KafkaException("something else"))).isEqualTo(SendFailure.UNKNOWN);
    }

    @Test
    void theReasonNamesTheInnermostFailureAndFitsItsColumn() {
        assertThat(SendFailure.reason(new CompletionException(new RecordTooLargeException("The message is 1100000 bytes"))))
                .isEqualTo("org.apache.kafka.common.errors.RecordTooLargeException: The message is 1100000 bytes");
        assertThat(SendFailure.reason(new IllegalStateException())).isEqualTo("java.lang.IllegalStateException");
        assertThat(SendFailure.reason(new RuntimeException("x".repeat(5000)))).hasSize(1000);
    }
}
