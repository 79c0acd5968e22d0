package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Kafka as deployed: the same topics in compose and on Kubernetes, retention that covers the gateway's recovery
 * window and a consumer outage, ACLs that grant exactly what each service's code and configuration use, and client
 * security that matches the listener.
 */
class KafkaDeploymentTest {

    /** StockPulse's topics and their partition counts (README's event catalogue, local-stack's TopicSetup). */
    private static final Map<String, Integer> TOPICS = Map.of(
            "inventory-events", 3,
            "sales-events", 3,
            "inventory-events.dlq", 1,
            "sales-events.dlq", 1);
    /** How long sales-service or inventory-service may be down and still catch up (Kafka's offsets.retention). */
    private static final Duration CONSUMER_OUTAGE = Duration.ofDays(7);

    private final Kustomize.Rendering kafka = Kustomize.render(Repository.path("deploy/k8s/kafka"));

    static List<String> services() {
        return Repository.SERVICES;
    }

    @Test
    void kubernetesCreatesEveryTopicWithItsPartitionsAndNoOther() {
        Map<String, Integer> partitions = new TreeMap<>();
        for (Map<String, Object> topic : kafka.ofKind("KafkaTopic")) {
            partitions.put(topicName(topic), (Integer) Yamls.at(topic, "spec.partitions"));
        }
        assertThat(partitions).isEqualTo(new TreeMap<>(TOPICS));
    }

    @Test
    void composeCreatesTheSameTopicsWithTheSamePartitionsAndRetention() {
        String script = Repository.read(Repository.path("deploy/compose/create-topics.sh"));
        Map<String, Long> variables = new TreeMap<>();
        Matcher assignment = Pattern.compile("(?m)^(\\w+)=(\\d+)$").matcher(script);
        while (assignment.find()) {
            variables.put(assignment.group(1), Long.parseLong(assignment.group(2)));
        }
        Map<String, Integer> partitions = new TreeMap<>();
        Matcher topic = Pattern.compile("\"([a-z.-]+) (\\d+) \\$(\\w+)\"").matcher(script);
        while (topic.find()) {
            partitions.put(topic.group(1), Integer.parseInt(topic.group(2)));
            assertThat(variables.get(topic.group(3))).as("compose retention of %s", topic.group(1))
                    .isEqualTo(retentionMs(kafkaTopic(topic.group(1))));
        }
        assertThat(partitions).isEqualTo(new TreeMap<>(TOPICS));
        assertThat(script).contains("--if-not-exists").contains("--partitions \"$partitions\"");
    }

    @Test
    void eventTopicsOutliveTheGatewaysRecoveryWindowAndAConsumerOutage() {
        ServiceSettings gateway = ServiceSettings.of("realtime-gateway");
        Duration recoveryWindow = gateway.keys().contains("gateway.recovery.window")
                ? Workload.duration(gateway.value("gateway.recovery.window"))
                : Duration.ZERO;
        for (String name : List.of("inventory-events", "sales-events")) {
            Duration retention = Duration.ofMillis(retentionMs(kafkaTopic(name)));
            assertThat(retention).as("retention of %s: a restarted gateway rebuilds its recovery buffers from it", name)
                    .isGreaterThanOrEqualTo(recoveryWindow);
            assertThat(retention).as("retention of %s: consumer groups catch up after an outage", name)
                    .isGreaterThanOrEqualTo(CONSUMER_OUTAGE);
        }
        for (String name : List.of("inventory-events.dlq", "sales-events.dlq")) {
            assertThat(Duration.ofMillis(retentionMs(kafkaTopic(name)))).as("dead letters outlive the events")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(retentionMs(kafkaTopic("inventory-events"))));
        }
    }

    @Test
    void everyStrimziResourceBelongsToTheOneCluster() {
        assertThat(kafka.ofKind("Kafka")).hasSize(1);
        String cluster = Yamls.name(kafka.ofKind("Kafka").get(0));
        for (Map<String, Object> resource : kafka.resources()) {
            if (!Yamls.kind(resource).equals("Kafka")) {
                assertThat(Yamls.at(resource, "metadata.labels")).as("%s %s", Yamls.kind(resource), Yamls.name(resource))
                        .isEqualTo(Map.of("strimzi.io/cluster", cluster));
            }
        }
        List<Object> roles = kafka.ofKind("KafkaNodePool").stream()
                .flatMap(p -> Yamls.listAt(p, "spec.roles").stream()).toList();
        assertThat(roles).as("KRaft: controllers and brokers in node pools").contains("controller", "broker");
        for (Map<String, Object> topic : kafka.ofKind("KafkaTopic")) {
            int replicas = (Integer) Yamls.at(topic, "spec.replicas");
            int minIsr = Integer.parseInt(String.valueOf(Yamls.mapAt(topic, "spec.config").get("min.insync.replicas")));
            assertThat(minIsr).as("%s survives one broker down with acks=all", topicName(topic)).isLessThan(replicas);
        }
    }

    /**
     * The KafkaUser grants exactly what {@link KafkaUsage} derives from the service's code and configuration. A missing
     * grant fails (in production that client is refused: an endpoint answers 503, a consumer reads nothing). An extra
     * grant fails too: nothing in the code uses it, so it only widens what a leaked credential can do, and it is how
     * a renamed topic or a removed producer leaves a stale permission behind.
     */
    @ParameterizedTest
    @MethodSource("services")
    void eachServicesKafkaUserGrantsExactlyWhatItsCodeUses(String module) {
        KafkaUsage usage = KafkaUsage.of(module);
        Map<String, Object> user = kafka.find("KafkaUser", module)
                .orElseThrow(() -> new AssertionError("No KafkaUser " + module + " in deploy/k8s/kafka"));
        assertThat(Yamls.at(user, "spec.authentication.type")).isEqualTo("scram-sha-512");
        assertThat(Yamls.at(user, "spec.authorization.type")).isEqualTo("simple");
        assertThat(usage.needs()).as("%s uses Kafka, yet nothing it reads or writes was found", module).isNotEmpty();
        assertThat(TOPICS.keySet()).as("topics %s uses are created up front", module).containsAll(usage.topics());
        KafkaUsage.Comparison comparison = usage.compareWith(Yamls.listAt(user, "spec.authorization.acls"));
        List<String> missing = new ArrayList<>();
        comparison.missing().forEach((grant, why) -> missing.add(grant + ", for " + String.join("; ", why)));
        assertThat(missing).as("ACLs KafkaUser %s lacks", module).isEmpty();
        assertThat(comparison.extra()).as("ACLs KafkaUser %s grants that no code or setting of it uses", module)
                .isEmpty();
    }

    /** The ACLs are derived from application.properties; an environment variable could send a service elsewhere. */
    @ParameterizedTest
    @MethodSource("services")
    void noDeploymentOverridesASettingTheAclsAreDerivedFrom(String module) {
        Set<String> derivedFrom = KafkaUsage.of(module).settingsRead().stream()
                .map(EnvironmentVariables::envName).collect(Collectors.toSet());
        for (Path dir : Kustomize.kustomizations()) {
            for (Workload workload : Workload.all(Kustomize.render(dir))) {
                if (workload.name().equals(module)) {
                    assertThat(workload.environment().keySet()).as("%s in %s sets what decides its Kafka topics,"
                            + " groups or transactional id; set it in application.properties, where the ACL check reads"
                            + " it", module, dir).doesNotContainAnyElementsOf(derivedFrom);
                }
            }
        }
    }

    @Test
    void overlaysThatUseTheStrimziClusterUseItsAuthenticatedTlsListener() {
        Map<String, Object> cluster = kafka.ofKind("Kafka").get(0);
        String bootstrapHost = Yamls.name(cluster) + "-kafka-bootstrap";
        int checked = 0;
        for (Path overlay : Kustomize.overlays()) {
            for (Workload workload : Workload.all(Kustomize.render(overlay))) {
                String bootstrap = workload.value("KAFKA_BOOTSTRAP_SERVERS").orElse("");
                if (!bootstrap.startsWith(bootstrapHost + ":")) {
                    continue;
                }
                checked++;
                String where = workload.name() + " in " + overlay;
                int port = Integer.parseInt(bootstrap.substring(bootstrapHost.length() + 1));
                Map<String, Object> listener = Yamls.listAt(cluster, "spec.kafka.listeners").stream()
                        .map(l -> Yamls.map(l, "listener"))
                        .filter(l -> Integer.valueOf(port).equals(l.get("port")))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(where + " connects to port " + port
                                + ", where the Kafka cluster has no listener"));
                boolean tls = Boolean.TRUE.equals(listener.get("tls"));
                Object authentication = Yamls.at(listener, "authentication.type");
                String protocol = workload.value("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");
                assertThat(protocol).as("%s: security protocol for listener %s", where, listener.get("name"))
                        .isEqualTo((authentication != null ? "SASL_" : "") + (tls ? "SSL" : "PLAINTEXT"));
                if ("scram-sha-512".equals(authentication)) {
                    assertThat(workload.value("KAFKA_SASL_MECHANISM")).as(where).contains("SCRAM-SHA-512");
                    Workload.EnvSource jaas = workload.environment().get("KAFKA_SASL_JAAS_CONFIG");
                    assertThat(jaas).as("%s: credentials", where).isNotNull();
                    assertThat(jaas.secretName()).as("%s: its own KafkaUser's Secret", where).isEqualTo(workload.name());
                    assertThat(jaas.secretKey()).isEqualTo("sasl.jaas.config");
                }
                if (tls) {
                    String truststore = workload.value("KAFKA_SSL_TRUSTSTORE_LOCATION")
                            .orElseThrow(() -> new AssertionError(where + ": TLS without a truststore"));
                    Map<String, Object> volume = workload.volumeHolding(truststore)
                            .orElseThrow(() -> new AssertionError(where + ": truststore " + truststore + " not mounted"));
                    assertThat(Yamls.at(volume, "secret.secretName")).as("%s: truststore from the cluster CA", where)
                            .isEqualTo(Yamls.name(cluster) + "-cluster-ca-cert");
                    assertThat(Yamls.listAt(volume, "secret.items")).as("%s: the PEM CA certificate", where)
                            .contains(Map.of("key", "ca.crt", "path", volume.get("relativePath")));
                    assertThat(workload.value("KAFKA_SSL_TRUSTSTORE_TYPE")).as("%s: ca.crt is PEM", where).contains("PEM");
                }
            }
        }
        assertThat(checked).as("some overlay runs the services against deploy/k8s/kafka's cluster").isPositive();
    }

    private Map<String, Object> kafkaTopic(String name) {
        return kafka.ofKind("KafkaTopic").stream().filter(t -> topicName(t).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("No KafkaTopic " + name));
    }

    private static String topicName(Map<String, Object> topic) {
        Object topicName = Yamls.at(topic, "spec.topicName");
        return topicName == null ? Yamls.name(topic) : String.valueOf(topicName);
    }

    private static long retentionMs(Map<String, Object> topic) {
        return Long.parseLong(String.valueOf(Yamls.mapAt(topic, "spec.config").get("retention.ms")));
    }

}
