package dev.stockpulse.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.stockpulse.events.EventEnvelope;
import dev.stockpulse.events.EventMetadata;
import dev.stockpulse.events.EventType;
import dev.stockpulse.events.Priority;
import dev.stockpulse.events.inventory.LowStockPayload;
import dev.stockpulse.gateway.core.delivery.OutFrame;
import dev.stockpulse.gateway.core.routing.Channel;
import dev.stockpulse.gateway.core.routing.Route;

class EventFrameTest {

    private static final EventEnvelope<LowStockPayload> LOW_STOCK = new EventEnvelope<>(
            EventMetadata.create(EventType.LOW_STOCK, "inventory-service", "t1", "req-1", Priority.HIGH),
            new LowStockPayload("prod-1", "LAP-001", "Laptop", 8, 10, 50, new java.math.BigDecimal("1200.00"),
                    "electronics", "Warehouse A", null, null));

    @Test
    void theFrameCarriesTheMetadataAndThePayloadAsTheContractSpellsIt() throws Exception {
        OutFrame encoded = EventFrame.encode(new Route(Channel.STOCK, List.of("tenant:t1")), "AQAAKw", LOW_STOCK);

        JsonNode frame = new ObjectMapper().readTree(encoded.json());
        assertThat(frame.get("position").asText()).isEqualTo("AQAAKw");
        assertThat(encoded.position()).isEqualTo("AQAAKw");
        assertThat(encoded.sseEvent()).isEqualTo("inventory.low_stock");
        assertThat(frame.get("type").asText()).isEqualTo("event");
        assertThat(frame.get("channel").asText()).isEqualTo("stock");
        assertThat(frame.get("event_id").asText()).isEqualTo(LOW_STOCK.metadata().eventId().toString());
        assertThat(frame.get("event_type").asText()).isEqualTo("inventory.low_stock");
        assertThat(frame.get("timestamp").asText()).isEqualTo(LOW_STOCK.metadata().timestamp().toString());
        assertThat(frame.get("priority").asText()).isEqualTo("high");
        assertThat(frame.get("tenant_id").asText()).isEqualTo("t1");
        JsonNode data = frame.get("data");
        assertThat(data.get("product_sku").asText()).isEqualTo("LAP-001");
        assertThat(data.get("current_stock").asLong()).isEqualTo(8);
        assertThat(data.get("unit_price").decimalValue()).isEqualByComparingTo("1200.00");
        assertThat(data.has("days_of_stock_remaining")).as("absent optional fields stay absent").isFalse();
    }

    @Test
    void theSseFormCarriesPositionTypeAndTheSameJson() {
        OutFrame encoded = EventFrame.encode(new Route(Channel.STOCK, List.of("tenant:t1")), "AQAAKw", LOW_STOCK);

        String sse = new String(encoded.sseBytes(), StandardCharsets.UTF_8);

        assertThat(sse).isEqualTo("id: AQAAKw\nevent: inventory.low_stock\ndata: "
                + new String(encoded.json(), StandardCharsets.UTF_8) + "\n\n");
        assertThat(encoded.sseBytes()).as("built once, then shared").isSameAs(encoded.sseBytes());
    }
}
