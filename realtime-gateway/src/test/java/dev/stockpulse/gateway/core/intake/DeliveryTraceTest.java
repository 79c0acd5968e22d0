package dev.stockpulse.gateway.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.stockpulse.events.EventCodec;
import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventHeaders;
import dev.stockpulse.events.EventKeys;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.Topics;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.TestEvents;
import dev.stockpulse.gateway.support.TestEvents.Sent;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The trace an event carries in its {@code traceparent} header (written by the services' outbox relays) continues in
 * the gateway: the delivery is a span of the same trace, child of the producer's span.
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class DeliveryTraceTest extends LiveGatewayTest {

    @Inject
    InMemorySpanExporter spans;

    DeliveryTraceTest() {
        super("tenant-trace");
    }

    @Test
    void theDeliveryOfAnEventIsASpanOfTheTraceItCarries() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String producerSpanId = "b7ad6b7169203331";
        try (WsClient client = WsClient.connect(base, "/ws?channels=stock", DevTokens.user(tenant, "alice"))) {
            EventEnvelope<LowStockPayload> lowStock = TestEvents.lowStock(tenant, "prod-traced", Priority.HIGH);
            Map<String, String> headers = new HashMap<>(EventHeaders.of(lowStock.metadata()));
            headers.put("traceparent", "00-" + traceId + "-" + producerSpanId + "-01");
            Sent sent = events.sendRaw(Topics.INVENTORY_EVENTS, null, EventKeys.of(tenant, "prod-traced"),
                    EventCodec.encode(lowStock), headers, lowStock.metadata().eventId().toString());

            client.awaitEvent(sent.eventId());
            SpanData delivery = await().atMost(Duration.ofSeconds(15)).until(() -> spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).findFirst().orElse(null), span -> span != null);

            assertThat(delivery.getParentSpanId()).isEqualTo(producerSpanId);
            assertThat(delivery.getKind()).isEqualTo(SpanKind.CONSUMER);
            assertThat(delivery.getName()).isEqualTo("process " + Topics.INVENTORY_EVENTS);
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("messaging.message.id")))
                    .isEqualTo(sent.eventId());
            assertThat(delivery.getAttributes().get(AttributeKey.stringKey("stockpulse.tenant_id"))).isEqualTo(tenant);
            assertThat(delivery.getAttributes().get(AttributeKey.longKey("messaging.kafka.offset")))
                    .isEqualTo(sent.offset());
        }
    }

    @Test
    void anEventWithoutTraceContextStartsNoTraceInTheGateway() {
        try (WsClient client = WsClient.connect(base, "/ws?channels=stock", DevTokens.user(tenant, "bob"))) {
            Sent sent = events.send(TestEvents.lowStock(tenant, "prod-untraced", Priority.LOW), "prod-untraced");
            client.awaitEvent(sent.eventId());
            // The span, were there one, ends before the frames are handed out; the exporter's schedule is 100 ms.
            Sent traced = sendTraced("prod-untraced", sent.partition());
            client.awaitEvent(traced.eventId());
            await().atMost(Duration.ofSeconds(15)).until(() -> spans.getFinishedSpanItems().stream()
                    .anyMatch(span -> traced.eventId().equals(span.getAttributes()
                            .get(AttributeKey.stringKey("messaging.message.id")))));

            assertThat(spans.getFinishedSpanItems()).noneMatch(span -> sent.eventId()
                    .equals(span.getAttributes().get(AttributeKey.stringKey("messaging.message.id"))));
        }
    }

    private Sent sendTraced(String productId, int partition) {
        EventEnvelope<LowStockPayload> event = TestEvents.lowStock(tenant, productId, Priority.LOW);
        Map<String, String> headers = new HashMap<>(EventHeaders.of(event.metadata()));
        headers.put("traceparent", "00-" + UUID.randomUUID().toString().replace("-", "") + "-b7ad6b7169203332-01");
        return events.sendRaw(Topics.INVENTORY_EVENTS, partition, EventKeys.of(tenant, productId),
                EventCodec.encode(event), headers, event.metadata().eventId().toString());
    }
}
