package dev.stockpulse.gateway.core.stats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.stockpulse.gateway.core.intake.KafkaEventsConsumer;
import dev.stockpulse.gateway.core.room.ClientSession;
import dev.stockpulse.gateway.core.room.ConnectionRegistry;
import dev.stockpulse.gateway.core.routing.Channel;

/**
 * What operators and admins see of this instance. Connection counts are of the caller's tenant only: one tenant's
 * admin learns nothing about another tenant's users. Delivery counters and consumer lag are the instance's.
 */
@ApplicationScoped
public class StatsService {

    private final ConnectionRegistry registry;
    private final KafkaEventsConsumer consumer;

    public StatsService(ConnectionRegistry registry, KafkaEventsConsumer consumer) {
        this.registry = registry;
        this.consumer = consumer;
    }

    public record UserConnections(String userId, int connectionCount) {
    }

    public record Deliveries(long delivered, long dropped) {
    }

    public record PartitionLag(String topic, int partition, long lag) {
    }

    public record ConsumerState(boolean caughtUp, long totalLag, List<PartitionLag> lag) {
    }

    public record Stats(String tenantId, int totalConnections, int websocketConnections, int sseConnections,
            int socketIoConnections,
            int uniqueUsers, Map<String, Integer> channels, Map<String, Integer> rooms,
            List<UserConnections> userConnections, Deliveries events, ConsumerState consumer, Instant timestamp) {
    }

    public Stats stats(String tenantId) {
        int websocket = 0;
        int sse = 0;
        int socketIo = 0;
        Map<String, Integer> channels = new TreeMap<>();
        Map<String, Integer> rooms = new TreeMap<>();
        Map<String, Integer> perUser = new TreeMap<>();
        for (ClientSession session : registry.all()) {
            if (!session.user().tenantId().equals(tenantId)) {
                continue;
            }
            switch (session.kind()) {
                case WEBSOCKET -> websocket++;
                case SSE -> sse++;
                case SOCKET_IO -> socketIo++;
            }
            for (Channel channel : Channel.values()) {
                if (channel != Channel.ALL && session.subscriptions().wants(channel)) {
                    channels.merge(channel.wireName(), 1, Integer::sum);
                }
            }
            if (session.subscriptions().current().contains(Channel.ALL)) {
                channels.merge(Channel.ALL.wireName(), 1, Integer::sum);
            }
            session.rooms().forEach(room -> rooms.merge(room, 1, Integer::sum));
            perUser.merge(session.user().userId(), 1, Integer::sum);
        }
        List<UserConnections> users = new ArrayList<>();
        perUser.forEach((user, count) -> users.add(new UserConnections(user, count)));
        users.sort(Comparator.comparingInt(UserConnections::connectionCount).reversed()
                .thenComparing(UserConnections::userId));
        return new Stats(tenantId, websocket + sse + socketIo, websocket, sse, socketIo, perUser.size(), channels, rooms, users,
                new Deliveries((long) registry.deliveredTotal(), (long) registry.droppedTotal()), consumer(),
                Instant.now());
    }

    public ConsumerState consumer() {
        List<PartitionLag> lag = new ArrayList<>();
        consumer.lag().forEach((partition, value) -> lag.add(new PartitionLag(partition.topic(), partition.partition(),
                value)));
        lag.sort(Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return new ConsumerState(consumer.isCaughtUp(), lag.stream().mapToLong(PartitionLag::lag).sum(), lag);
    }
}
