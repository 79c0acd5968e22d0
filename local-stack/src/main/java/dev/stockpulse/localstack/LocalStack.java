package dev.stockpulse.localstack;

/**
 * The one infrastructure of this JVM: started on first use, shared by every test class after it, stopped when the
 * JVM exits. {@code -Dstockpulse.infra=testcontainers} (Maven: {@code -Ptestcontainers}) picks Docker containers
 * instead of the embedded broker and database.
 */
public final class LocalStack {

    public static final String INFRA_PROPERTY = "stockpulse.infra";

    private static Infrastructure shared;

    private LocalStack() {
    }

    public static synchronized Infrastructure shared() {
        if (shared == null) {
            shared = start(FreePorts.find(), FreePorts.find());
            Infrastructure started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stockpulse-infra-shutdown"));
        }
        return shared;
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
