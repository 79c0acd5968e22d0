package dev.stockpulse.gateway.core.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.stockpulse.commons.messaging.HeaderText;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.Topics;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.opentelemetry.api.OpenTelemetry;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The consumer loop keeps going: a topic that grows while the gateway runs has its new partition read, from its first
 * record, without a restart; a round that fails is logged and the next one delivers.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class KafkaConsumerLoopTest extends LiveGatewayTest {

    KafkaConsumerLoopTest() {
        super("tenant-loop");
    }

    /** Fails the delivery of the first record of one tenant, as a bug in a collaborator of the loop would. */
    static final class FailingOnce extends DeliveryTrace {
        private final String tenant;
        private final AtomicBoolean failed = new AtomicBoolean();

        FailingOnce(String tenant) {
            super(OpenTelemetry.noop());
            this.tenant = tenant;
        }

        @Override
        public void deliver(ConsumerRecord<String, byte[]> record, boolean live, Runnable delivery) {
            if (tenant.equals(HeaderText.of(record.headers(), EventHeaders.TENANT_ID)) && failed.compareAndSet(false, true)) {
                throw new IllegalStateException("a round that fails");
            }
            super.deliver(record, live, delivery);
        }

        boolean failed() {
            return failed.get();
        }
    }

    @Test
    void aRoundThatFailsIsRetriedAndTheNextEventsAreDelivered() {
        FailingOnce trace = new FailingOnce(tenant);
        QuarkusMock.installMockForType(trace, DeliveryTrace.class);
        try (WsClient client = connect("/ws?channels=notifications", DevTokens.user(tenant, "bob"))) {
            // Written together on one partition, so that one poll reads the record that fails and those behind it.
            List<Sent> written = events.sendAll(List.of(TestEvents.notification(tenant, "bob"),
                    TestEvents.notification(tenant, "bob"), TestEvents.notification(tenant, "bob")), "n-1", null);
            await().atMost(Duration.ofSeconds(20)).until(trace::failed);

            // The rest of the failed round's poll is read again, not lost; the record that failed is passed over.
            assertThat(client.awaitEvent(written.get(1).eventId()).getString("tenant_id")).isEqualTo(tenant);
            assertThat(client.awaitEvent(written.get(2).eventId()).getString("tenant_id")).isEqualTo(tenant);

            Sent next = events.send(TestEvents.notification(tenant, "bob"), "n-2");

            assertThat(client.awaitEvent(next.eventId()).getString("tenant_id")).isEqualTo(tenant);
            given().when().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void anEventOnAPartitionAddedAtRuntimeReachesItsClient() throws Exception {
        try (WsClient client = connect("/ws?channels=notifications", DevTokens.user(tenant, "alice"));
                Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(Topics.SALES_EVENTS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.SALES_EVENTS).partitions().size();
            admin.createPartitions(Map.of(Topics.SALES_EVENTS, NewPartitions.increaseTo(partitions + 1))).all()
                    .get(30, TimeUnit.SECONDS);

            Sent sent = events.send(TestEvents.notification(tenant, "alice"), "n-1", partitions);

            assertThat(sent.partition()).isEqualTo(partitions);
            assertThat(client.awaitEvent(sent.eventId()).getString("tenant_id")).isEqualTo(tenant);
        }
    }
}
