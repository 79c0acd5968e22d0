package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.stockpulse.deploychecks.KafkaUsage.Grant;

/**
 * {@link KafkaUsage} on small services written here (against the real service-commons and event-schemas): it finds
 * writers and readers in code, a KafkaUser without one of their grants is caught, and code it cannot read fails.
 */
class KafkaUsageTest {

    private static final String KAFKA = "quarkus.application.name=fixture\nkafka.bootstrap.servers=localhost:9092\n";

    /** A consumer like the gateway's: every partition of the topics a @ConfigMapping names, no group. */
    private static final String CONFIG = """
            package fixture;
            @ConfigMapping(prefix = "fixture")
            public interface FixtureConfig {
                /** Not {@code topics()}: a nested one is meant. */
                Kafka kafka();
                interface Kafka {
                    @WithDefault("inventory-events,sales-events")
                    List<String> topics();
                }
            }""";
    private static final String READER = """
            package fixture;
            class Reader {
                private final FixtureConfig config;
                void run(Map<String, Object> defaults) {
                    Map<String, Object> properties = new HashMap<>(defaults);
                    properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
                    try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(properties)) {
                        for (String topic : config.kafka().topics()) {
                            kafka.assign(kafka.partitionsFor(topic).stream().map(this::partition).toList());
                        }
                    }
                }
            }""";
    /** A producer like the gateway's EventPublisher: the topic comes from the type of the event it sends. */
    private static final String PUBLISHER = """
            package fixture;
            class Publisher {
                private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of());
                void notify(String tenant) {
                    EventMetadata metadata = EventMetadata.create(EventType.NOTIFICATION, "fixture", tenant, "c", null);
                    String topic = EventType.fromWire(metadata.eventType()).orElseThrow().topic();
                    producer.send(new ProducerRecord<>(topic, tenant, new byte[0]));
                }
            }""";

    @TempDir
    Path module;

    @Test
    void aKafkaUserThatMayOnlyReadIsCaughtLackingThePlainProducersWrite() throws IOException {
        write("src/main/resources/application.properties", KAFKA);
        write("src/main/java/fixture/FixtureConfig.java", CONFIG);
        write("src/main/java/fixture/Reader.java", READER);
        write("src/main/java/fixture/Publisher.java", PUBLISHER);
        // The realtime-gateway's KafkaUser before issue 15.
        List<Object> readOnly = acls("""
                - resource: {type: topic, name: inventory-events, patternType: literal}
                  operations: [Describe, Read]
                - resource: {type: topic, name: sales-events, patternType: literal}
                  operations: [Describe, Read]
                """);

        KafkaUsage.Comparison comparison = derive().compareWith(readOnly);

        assertThat(comparison.missing()).containsOnlyKeys(Grant.topic("sales-events", "Write"));
        assertThat(comparison.missing().get(Grant.topic("sales-events", "Write")))
                .singleElement().asString().contains("KafkaProducer in Publisher", "EventType.NOTIFICATION");
        assertThat(comparison.extra()).isEmpty();
    }

    @Test
    void aSettingOverridesTheTopicsDefault() throws IOException {
        write("src/main/resources/application.properties", KAFKA + "fixture.kafka.topics=inventory-events\n");
        write("src/main/java/fixture/FixtureConfig.java", CONFIG);
        write("src/main/java/fixture/Reader.java", READER);

        assertThat(derive().topics()).containsExactly("inventory-events");
    }

    @Test
    void aConsumerWithDeadLettersWritesTheDlqOfItsTopicAndAnExtraGrantIsReported() throws IOException {
        write("src/main/resources/application.properties", KAFKA + """
                mp.messaging.incoming.orders.connector=smallrye-kafka
                mp.messaging.incoming.orders.topic=sales-events
                mp.messaging.outgoing.dead-letters.enabled=true
                mp.messaging.outgoing.dead-letters.topic=inventory-events.dlq
                """);
        write("src/main/java/fixture/OrdersConsumer.java", """
                package fixture;
                class OrdersConsumer {
                    private final DeadLetters deadLetters;
                    OrdersConsumer(@Channel("dead-letters") MutinyEmitter<String> emitter) {
                        deadLetters = new DeadLetters(emitter);
                    }
                    @Incoming("orders")
                    Uni<Void> consume(ConsumerRecord<String, String> record) {
                        return deadLetters.park(record, "unreadable");
                    }
                }""");
        List<Object> acls = acls("""
                - resource: {type: topic, name: sales-events}
                  operations: [Read]
                - resource: {type: group, name: fixture}
                  operations: [Read]
                - resource: {type: topic, name: inventory-events.dlq}
                  operations: [Write]
                - resource: {type: topic, name: sales-events.dlq}
                  operations: [Describe, Write]
                - resource: {type: cluster}
                  operations: [IdempotentWrite]
                """);

        KafkaUsage usage = derive();
        KafkaUsage.Comparison comparison = usage.compareWith(acls);

        assertThat(usage.needs().get(Grant.topic("sales-events.dlq", "Write")))
                .containsExactly("dead letters of channel orders (OrdersConsumer with DeadLetters)");
        assertThat(comparison.missing()).as("Read and Write imply Describe").isEmpty();
        assertThat(comparison.extra()).containsExactly(new Grant("cluster", "", "literal", "IdempotentWrite"));
    }

    static Stream<Arguments> codeItCannotRead() {
        return Stream.of(
                Arguments.of("a topic chosen per record in an unknown way", """
                        class Odd {
                            Message<String> to(Message<String> m) {
                                return m.addMetadata(OutgoingKafkaRecordMetadata.builder().withTopic(pickTopic()).build());
                            }
                        }""", "pickTopic()"),
                Arguments.of("a consumer in a group", """
                        class Grouped {
                            void run() {
                                new KafkaConsumer<>(Map.of()).subscribe(List.of("sales-events"));
                            }
                        }""", "consumer group"),
                Arguments.of("an admin client", """
                        class Creator {
                            void run() {
                                Admin.create(Map.of()).createTopics(List.of());
                            }
                        }""", "Admin.create"),
                Arguments.of("a channel without configuration", """
                        class Stray {
                            Stray(@Channel("audit") Emitter<String> audit) {
                            }
                        }""", "channel audit"));
    }

    /** service-commons ships the outbox channel switched off; it writes a topic only where a service turns it on. */
    @Test
    void theSharedOutboxChannelWritesOnlyWhereTheServiceTurnsItOn() throws IOException {
        write("src/main/resources/application.properties", KAFKA);
        assertThat(derive().topics()).as("a service without an outbox, like the gateway").isEmpty();

        write("src/main/resources/application.properties", KAFKA
                + "mp.messaging.outgoing.outbox.enabled=true\nmp.messaging.outgoing.outbox.topic=inventory-events\n");
        assertThat(derive().needs()).containsKeys(Grant.topic("inventory-events", "Write"),
                Grant.topic("inventory-events", "Describe"));
        assertThat(derive().topics()).containsExactly("inventory-events");
    }

    /** The gateway's dead letters of bound topics: the .dlq of each topic bound in the file, none by default. */
    @Test
    void aDeadLetterProducerWritesTheDlqOfEachBoundTopic() throws IOException {
        write("src/main/java/fixture/Parker.java", """
                package fixture;
                class Parker {
                    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of());
                    void park(ConsumerRecord<String, byte[]> record) {
                        producer.send(new ProducerRecord<>(Topics.deadLetter(record.topic()), record.key(),
                                record.value()));
                    }
                }""");
        write("src/main/resources/application.properties", KAFKA);
        assertThat(derive().topics()).isEmpty();

        write("src/main/resources/application.properties", KAFKA + "fixture.bindings.orders.topic=order.updated\n"
                + "fixture.bindings.\"stock-002\".topic=inventory.updated\n%test.fixture.bindings.t.topic=test-only\n");
        KafkaUsage usage = derive();
        assertThat(usage.topics()).containsExactly("inventory.updated.dlq", "order.updated.dlq");
        assertThat(usage.needs()).containsKeys(Grant.topic("order.updated.dlq", "Write"),
                Grant.topic("order.updated.dlq", "Describe"));
        assertThat(usage.settingsRead()).contains("fixture.bindings.orders.topic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codeItCannotRead")
    void codeItCannotReadFailsNamingTheFile(String what, String source, String message) throws IOException {
        write("src/main/resources/application.properties", KAFKA);
        write("src/main/java/fixture/Unknown.java", "package fixture;\n" + source);

        assertThatThrownBy(this::derive).isInstanceOf(AssertionError.class)
                .hasMessageContaining("Unknown.java").hasMessageContaining(message);
    }

    private KafkaUsage derive() {
        return KafkaUsage.derive("fixture", module, List.of(Repository.path("service-commons")),
                Repository.path("event-schemas"));
    }

    private void write(String relative, String text) throws IOException {
        Path file = module.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<Object> acls(String yaml) {
        return Yamls.listAt(Yamls.loadAll("acls:\n" + yaml.indent(2), "fixture ACLs").get(0), "acls");
    }
}
