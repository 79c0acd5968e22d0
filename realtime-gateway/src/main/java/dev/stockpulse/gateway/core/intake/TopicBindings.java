package dev.stockpulse.gateway.core.intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.stockpulse.events.Topics;
import dev.stockpulse.gateway.core.config.GatewayConfig;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;

/**
 * The topics bound to the gateway ({@code gateway.bindings}), checked when the gateway starts: a binding that could
 * put records into the wrong tenant's rooms, or whose positions would not be stable, stops the start with every
 * problem named by its key, rather than misdelivering ({@link Startup}: created, and so checked, at the start).
 */
@Startup
@ApplicationScoped
public class TopicBindings {

    /** The tenant of a binding without one outside the prod profile: run-local.sh's demo tenant. */
    static final String DEFAULT_TENANT = "demo";
    /** As long as a token's {@code tenant_id} may be: its events must reach the rooms of such tokens. */
    private static final int MAX_TENANT_LENGTH = 64;

    private final Map<String, TopicBinding> byTopic;

    public TopicBindings(GatewayConfig config) {
        boolean prod = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles().contains("prod");
        this.byTopic = resolve(config.bindings(), config.kafka().topics(), prod);
    }

    /** The binding of a topic, or null for a topic of StockPulse events. */
    public TopicBinding of(String topic) {
        return byTopic.get(topic);
    }

    /**
     * @param topics {@code gateway.kafka.topics}
     * @return the bindings by topic
     * @throws IllegalStateException naming every key at fault
     */
    static Map<String, TopicBinding> resolve(Map<String, GatewayConfig.Binding> bindings, List<String> topics,
            boolean prod) {
        List<String> problems = new ArrayList<>();
        Map<String, TopicBinding> byTopic = new HashMap<>();
        // Sorted, so that the problems read the same on every start.
        new TreeMap<>(bindings).forEach((name, binding) -> {
            String key = "gateway.bindings.\"" + name + "\".";
            String topic = binding.topic();
            if (Topics.INVENTORY_EVENTS.equals(topic) || Topics.SALES_EVENTS.equals(topic)) {
                problems.add(key + "topic: " + topic + " carries StockPulse events, it cannot be bound");
            } else if (!topics.contains(topic)) {
                problems.add(key + "topic: append '" + topic + "' to gateway.kafka.topics too (positions name topics"
                        + " by their index in that list)");
            }
            String tenant = binding.tenant().orElse(prod ? null : DEFAULT_TENANT);
            String tenantProblem = tenantProblem(tenant);
            if (tenantProblem != null) {
                problems.add(key + "tenant: " + tenantProblem);
            }
            if (binding.warehouseId().isBlank()) {
                problems.add(key + "warehouse-id: must not be blank");
            }
            try {
                TopicBinding bound = new TopicBinding(name, topic, binding.eventType(), tenant, binding.warehouseId());
                TopicBinding other = byTopic.putIfAbsent(topic, bound);
                if (other != null) {
                    problems.add(key + "topic: '" + topic + "' is bound already, by " + other.name());
                }
            } catch (IllegalArgumentException e) {
                problems.add(key + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bad topic bindings: " + String.join("; ", problems));
        }
        return Map.copyOf(byTopic);
    }

    private static String tenantProblem(String tenant) {
        if (tenant == null) {
            return "required in the prod profile: the tenant every record of the topic belongs to";
        }
        if (tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH || tenant.indexOf(':') >= 0
                || tenant.chars().anyMatch(Character::isISOControl)) {
            return "'" + tenant + "' is not a tenant id (not blank, at most " + MAX_TENANT_LENGTH
                    + " characters, no ':' and no control characters)";
        }
        return null;
    }
}
