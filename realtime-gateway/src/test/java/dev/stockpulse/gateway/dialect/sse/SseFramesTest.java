package dev.stockpulse.gateway.dialect.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.OutFrame;

class SseFramesTest {

    @Test
    void theSseFormCarriesPositionTypeAndTheSameJson() {
        OutFrame encoded = new OutFrame("{\"type\":\"event\",\"position\":\"AQAAKw\"}".getBytes(StandardCharsets.UTF_8),
                "inventory.low_stock", "AQAAKw");

        String sse = new String(encoded.as(SseFrames.FORM), StandardCharsets.UTF_8);

        assertThat(sse).isEqualTo("id: AQAAKw\nevent: inventory.low_stock\ndata: "
                + new String(encoded.json(), StandardCharsets.UTF_8) + "\n\n");
        assertThat(encoded.as(SseFrames.FORM)).as("built once, then shared").isSameAs(encoded.as(SseFrames.FORM));
    }
}
