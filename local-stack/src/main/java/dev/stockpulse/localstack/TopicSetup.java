package dev.stockpulse.localstack;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import dev.stockpulse.events.Topics;

/** Creates StockPulse's topics up front, with their partition counts, so no service relies on auto-creation. */
public final class TopicSetup {

    /** Topic name to partition count for a single local broker. */
    public static final Map<String, Integer> PARTITIONS = Map.of(
            Topics.INVENTORY_EVENTS, 3,
            Topics.deadLetter(Topics.INVENTORY_EVENTS), 1,
            Topics.SALES_EVENTS, 3,
            Topics.deadLetter(Topics.SALES_EVENTS), 1);

    private TopicSetup() {
    }

    public static void createAll(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = PARTITIONS.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not create topics on " + bootstrapServers, e);
        }
    }
}
