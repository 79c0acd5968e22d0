package dev.stockpulse.localstack;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one infrastructure of this JVM: started on first use, shared by every test class after it, stopped when the
 * JVM exits. {@code -Dstockpulse.infra=testcontainers} (Maven: {@code -Ptestcontainers}) picks Docker containers
 * instead of the embedded broker and database.
 */
public final class LocalStack {

    public static final String INFRA_PROPERTY = "stockpulse.infra";

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private static Infrastructure shared;

    private LocalStack() {
    }

    public static synchronized Infrastructure shared() {
        if (shared == null) {
            keepKafkaFromEndingTheJvm();
            shared = start(FreePorts.find(), FreePorts.find());
            Infrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stockpulse-infra-shutdown"));
        }
        return shared;
    }

    /**
     * An embedded broker that meets a fatal error calls Kafka's {@code Exit.halt}, which would end the test JVM:
     * Surefire then reports "the forked VM terminated without saying goodbye" and no test result at all. In a test
     * JVM the halt is logged and thrown instead, so the test that needed the broker fails with the broker's reason.
     * (Kafka's own integration tests do the same.) {@code run-local.sh} keeps Kafka's default.
     */
    private static void keepKafkaFromEndingTheJvm() {
        Exit.setExitProcedure((status, message) -> {
            LOG.error("The embedded Kafka broker asked to exit ({}): {}", status, message);
            throw new IllegalStateException("The embedded Kafka broker asked to exit (" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            LOG.error("The embedded Kafka broker asked to halt ({}): {}", status, message);
            throw new IllegalStateException("The embedded Kafka broker asked to halt (" + status + "): " + message);
        });
    }

    /** Starts a new infrastructure of the configured kind and creates the topics. */
    public static Infrastructure start(int preferredKafkaPort, int preferredPostgresPort) {
        String kind = System.getProperty(INFRA_PROPERTY, "embedded");
        Infrastructure infra = switch (kind) {
            case "embedded" -> EmbeddedInfrastructure.start(preferredKafkaPort, preferredPostgresPort);
            case "testcontainers" -> ContainerInfrastructure.start();
            default -> throw new IllegalArgumentException(
                    INFRA_PROPERTY + "=" + kind + " is not known; use 'embedded' (default) or 'testcontainers'");
        };
        TopicSetup.createAll(infra.kafkaBootstrapServers());
        return infra;
    }
}
