package dev.stockpulse.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;

import dev.stockpulse.events.Topics;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A topic that grows while the gateway runs: the new partition is read, from its first record, without a restart. */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class KafkaConsumerLoopTest extends LiveGatewayTest {

    KafkaConsumerLoopTest() {
        super("tenant-loop");
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
