package dev.stockpulse.gateway.core.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the consumer has all partitions and has rebuilt the recovery buffers up to where Kafka stood at start:
 * an instance that took clients earlier could neither replay what they missed nor know what they have. Whether the
 * broker is reachable right now is the Kafka client extension's own readiness check.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final KafkaEventsConsumer consumer;

    public ConsumerReadiness(KafkaEventsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-event-stream")
                .status(consumer.isCaughtUp())
                .withData("recovery_buffers_rebuilt", consumer.isCaughtUp())
                .build();
    }
}
