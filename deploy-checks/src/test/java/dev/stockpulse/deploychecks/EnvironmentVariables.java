package dev.stockpulse.deploychecks;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Whether an environment variable set by a deployment file reaches a setting the service really reads.
 *
 * <p>Quarkus (SmallRye Config) finds a property in the environment under its name with every character that is not
 * a letter or digit replaced by {@code _}, upper-cased: {@code quarkus.datasource.reactive.url} is
 * {@code QUARKUS_DATASOURCE_REACTIVE_URL}. A variable is accepted when
 * <ol>
 *   <li>that rule maps a key of the service's application.properties (in any profile) to it; or</li>
 *   <li>it is one of the few Quarkus keys listed in {@link #KNOWN}, each with the reason it is not in the file; or</li>
 *   <li>it is {@code KAFKA_<x>}, the service uses Kafka, and {@code <x>} lower-cased with {@code _} as {@code .} is
 *       a Kafka client setting: Quarkus passes every {@code kafka*} entry of the configuration, environment
 *       included, to all the service's Kafka clients this way (KafkaRuntimeConfigProducer), so
 *       {@code KAFKA_SECURITY_PROTOCOL} becomes {@code security.protocol}.</li>
 * </ol>
 * Anything else is a typo or a setting nobody reads, and fails.
 */
final class EnvironmentVariables {

    record KnownKey(String property, String reason, Predicate<ServiceSettings> appliesTo) {
    }

    static final Map<String, KnownKey> KNOWN = Map.of(
            "QUARKUS_PROFILE", new KnownKey("quarkus.profile",
                    "selects the configuration profile; Quarkus reads it from the environment, it is never a key of"
                            + " application.properties", s -> true),
            "QUARKUS_DATASOURCE_PASSWORD", new KnownKey("quarkus.datasource.password",
                    "the database password is a secret, so it is deliberately absent from application.properties;"
                            + " only for a service with a datasource", ServiceSettings::hasDatasource),
            "QUARKUS_SHUTDOWN_TIMEOUT", new KnownKey("quarkus.shutdown.timeout",
                    "Quarkus runtime setting (graceful shutdown); the deployment sets it because it must fit the"
                            + " pod's termination grace period", s -> true));

    private static final Set<String> KAFKA_CLIENT_CONFIGS = kafkaClientConfigs();

    private EnvironmentVariables() {
    }

    /** The environment variable name under which Quarkus looks a property up. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** What the variable sets in the service, or empty if it sets nothing the service reads. */
    static Optional<String> target(String variable, ServiceSettings service) {
        for (String key : service.keys()) {
            if (envName(key).equals(variable)) {
                return Optional.of(key + " (" + service.module() + "/src/main/resources/application.properties)");
            }
        }
        KnownKey known = KNOWN.get(variable);
        if (known != null && known.appliesTo().test(service)) {
            return Optional.of(known.property() + " (" + known.reason() + ")");
        }
        if (variable.startsWith("KAFKA_") && service.usesKafka()) {
            String clientKey = variable.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (KAFKA_CLIENT_CONFIGS.contains(clientKey)) {
                return Optional.of("Kafka client setting " + clientKey + " (kafka." + clientKey + ")");
            }
        }
        return Optional.empty();
    }

    private static Set<String> kafkaClientConfigs() {
        Set<String> names = new HashSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }
}
