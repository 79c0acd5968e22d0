package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rule that decides whether a deployment's environment variable reaches a setting; it must reject typos. */
class EnvironmentVariablesTest {

    private final ServiceSettings inventory = ServiceSettings.of("inventory-service");
    private final ServiceSettings gateway = ServiceSettings.of("realtime-gateway");

    @Test
    void aPropertyOfTheFileIsFoundUnderQuarkusEnvironmentName() {
        assertThat(EnvironmentVariables.envName("quarkus.datasource.reactive.url")).isEqualTo("QUARKUS_DATASOURCE_REACTIVE_URL");
        assertThat(EnvironmentVariables.envName("inventory.reevaluation-interval")).isEqualTo("INVENTORY_REEVALUATION_INTERVAL");
        assertThat(EnvironmentVariables.target("QUARKUS_DATASOURCE_REACTIVE_URL", inventory)).isPresent();
        assertThat(EnvironmentVariables.target("INVENTORY_REEVALUATION_INTERVAL", inventory)).isPresent();
        // Only in the dev,test,local profiles in the file, still the same key.
        assertThat(EnvironmentVariables.target("MP_JWT_VERIFY_ISSUER", inventory)).isPresent();
    }

    @Test
    void typosAndOtherServicesSettingsAreRejected() {
        assertThat(EnvironmentVariables.target("QUARKUS_DATASOURCE_REACTIVE_ULR", inventory)).isEmpty();
        assertThat(EnvironmentVariables.target("KAFKA_BOOTSTRAP_SERVER", inventory)).isEmpty();
        assertThat(EnvironmentVariables.target("INVENTORY_REEVALUATION_INTERVAL", gateway)).isEmpty();
        assertThat(EnvironmentVariables.target("QUARKUS_DATASOURCE_PASSWORD", gateway))
                .as("the gateway has no database").isEmpty();
        assertThat(EnvironmentVariables.target("SPRING_DATASOURCE_URL", inventory)).isEmpty();
    }

    @Test
    void kafkaClientSettingsPassThroughOnlyWhenKafkaKnowsThem() {
        assertThat(EnvironmentVariables.target("KAFKA_SECURITY_PROTOCOL", gateway)).get().asString()
                .contains("security.protocol");
        assertThat(EnvironmentVariables.target("KAFKA_SASL_JAAS_CONFIG", inventory)).isPresent();
        assertThat(EnvironmentVariables.target("KAFKA_SSL_TRUSTSTORE_LOCATION", inventory)).isPresent();
        assertThat(EnvironmentVariables.target("KAFKA_SASL_JAAS_CONFG", inventory)).isEmpty();
        assertThat(EnvironmentVariables.target("KAFKA_SECURITY_PROTOCOLS", inventory)).isEmpty();
    }

    @Test
    void theKnownQuarkusKeysNeedTheirReason() {
        assertThat(EnvironmentVariables.target("QUARKUS_PROFILE", gateway)).isPresent();
        assertThat(EnvironmentVariables.target("QUARKUS_DATASOURCE_PASSWORD", inventory)).isPresent();
        assertThat(EnvironmentVariables.target("QUARKUS_SHUTDOWN_TIMEOUT", gateway)).isPresent();
        assertThat(EnvironmentVariables.target("QUARKUS_SHUTDOWN_TIMEOUTS", gateway)).isEmpty();
    }
}
