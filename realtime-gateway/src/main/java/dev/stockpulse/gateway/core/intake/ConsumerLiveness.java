package dev.stockpulse.gateway.core.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * DOWN when the Kafka consumer is dead: its thread ended, or it completed no round for
 * {@code gateway.kafka.stall-timeout}. Such a gateway keeps its clients connected and sends them nothing, which no
 * client can tell from a quiet stream; a restart gives it a new consumer. A broker that is away is not this: the
 * consumer keeps polling (readiness shows it), and liveness stays UP.
 */
@Liveness
@ApplicationScoped
public class ConsumerLiveness implements HealthCheck {

    private final KafkaEventsConsumer consumer;

    public ConsumerLiveness(KafkaEventsConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("gateway-kafka-consumer")
                .status(consumer.isAlive())
                .withData("seconds_since_last_round", consumer.secondsSinceLastRound())
                .build();
    }
}
