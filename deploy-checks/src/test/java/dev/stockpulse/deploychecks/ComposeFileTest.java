package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** docker-compose.yml against the services it runs and against Compose's own rules for `up --wait`. */
class ComposeFileTest {

    private static final Pattern TCP_PROBE = Pattern.compile("/dev/tcp/(?:127\\.0\\.0\\.1|localhost)/(\\d+)\\b.*GET (\\S+) HTTP/");
    private static final Pattern HTTP_PROBE = Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)");

    private final ComposeFile compose = ComposeFile.load();

    static List<String> services() {
        return Repository.SERVICES;
    }

    @Test
    void everyServiceIsBuiltFromAnExistingDockerfileOrUsesAPinnedImage() {
        for (String name : compose.services().keySet()) {
            Map<String, Object> service = compose.service(name);
            Object build = service.get("build");
            if (build != null) {
                Map<String, Object> spec = build instanceof String context ? Map.of("context", context)
                        : Yamls.map(build, name + ".build");
                Path context = Repository.root().resolve(String.valueOf(spec.get("context"))).normalize();
                Path dockerfile = context.resolve(String.valueOf(spec.getOrDefault("dockerfile", "Dockerfile")));
                assertThat(dockerfile).as("%s's Dockerfile", name).isRegularFile();
            } else {
                assertThat(service.get("image")).as("%s has neither build nor image", name).isNotNull();
            }
            Object image = service.get("image");
            if (image != null && build == null) {
                assertThat(String.valueOf(image)).as("%s's image is pinned to a version", name)
                        .matches(".+:[^/]+").doesNotEndWith(":latest");
            }
        }
    }

    @Test
    void theAppServicesAreNamedAfterTheirModulesAndBuiltFromThem() {
        for (String module : Repository.SERVICES) {
            Map<String, Object> build = Yamls.mapAt(compose.service(module), "build");
            assertThat(Repository.root().resolve(String.valueOf(build.get("context"))).normalize())
                    .as("%s's build context", module).isEqualTo(Repository.path(module));
            assertThat(build.get("dockerfile")).as("%s's Dockerfile", module).isEqualTo("src/main/docker/Dockerfile.jvm");
        }
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAndEveryOneShotIsWaitedFor() {
        for (String name : compose.services().keySet()) {
            if (compose.isOneShot(name)) {
                // `docker compose up --wait` counts an exited container as a failure unless a long-running service
                // waits for it with service_completed_successfully; a health check on it would mean nothing.
                assertThat(compose.service(name).get("restart")).as("one-shot %s must not restart", name).isEqualTo("no");
                assertThat(compose.service(name).get("ports")).as("one-shot %s publishes no port", name).isNull();
                continue;
            }
            assertThat(compose.healthcheck(name)).as("%s has a healthcheck", name).isNotBlank();
            assertThat(Yamls.at(compose.service(name), "healthcheck.disable")).as("%s's healthcheck is on", name)
                    .isNotEqualTo(true);
        }
    }

    @Test
    void everyDependencyWaitsForAConditionTheDependencyCanMeet() {
        for (String name : compose.services().keySet()) {
            for (Map.Entry<String, String> dependency : compose.dependsOn(name).entrySet()) {
                String target = dependency.getKey();
                assertThat(compose.services()).as("%s depends on an existing service", name).containsKey(target);
                assertThat(dependency.getValue()).as("%s -> %s has a condition", name, target)
                        .isIn("service_healthy", "service_completed_successfully");
                if (dependency.getValue().equals("service_healthy")) {
                    assertThat(compose.healthcheck(target)).as("%s waits for %s to be healthy", name, target).isNotNull();
                }
                assertThat(compose.inProfile(target) && !compose.inProfile(name))
                        .as("%s always runs but depends on %s, which runs only in a profile", name, target).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void theHealthcheckAsksReadinessOnThePortTheServiceListensOn(String module) {
        ServiceSettings settings = ServiceSettings.of(module);
        String command = compose.healthcheck(module);
        Matcher tcp = TCP_PROBE.matcher(command);
        Matcher http = HTTP_PROBE.matcher(command);
        int port;
        String path;
        if (tcp.find()) {
            port = Integer.parseInt(tcp.group(1));
            path = tcp.group(2);
        } else if (http.find()) {
            port = Integer.parseInt(http.group(1));
            path = http.group(2);
        } else {
            throw new AssertionError(module + "'s healthcheck asks no HTTP path on localhost: " + command);
        }
        assertThat(port).as("%s's healthcheck port = quarkus.http.port", module).isEqualTo(settings.httpPort());
        assertThat(path).as("%s's healthcheck path", module)
                .isEqualTo(settings.healthRoot() + "/ready")
                .isEqualTo("/health/ready");
        if (tcp.find(0)) {
            // bash's /dev/tcp probe: it must check the status line, not merely connect.
            assertThat(command).as("%s's probe checks for 200", module).contains("' 200 '");
        }
    }

    @ParameterizedTest
    @MethodSource("services")
    void thePublishedPortIsTheServicesOwnPortOnBothSides(String module) {
        int port = ServiceSettings.of(module).httpPort();
        List<int[]> ports = compose.ports(module);
        assertThat(ports).as("%s publishes exactly one port", module).hasSize(1);
        assertThat(ports.get(0)).as("%s host:container", module).containsExactly(port, port);
    }

    @ParameterizedTest
    @MethodSource("services")
    void everyEnvironmentVariableSetsAPropertyTheServiceReads(String module) {
        ServiceSettings settings = ServiceSettings.of(module);
        Map<String, String> environment = compose.environment(module);
        List<String> unknown = new ArrayList<>();
        for (String variable : environment.keySet()) {
            if (EnvironmentVariables.target(variable, settings).isEmpty()) {
                unknown.add(variable);
            }
        }
        assertThat(unknown).as("environment variables of %s in docker-compose.yml that set nothing the service"
                + " reads (see EnvironmentVariables for the rule)", module).isEmpty();
        assertThat(environment).as("%s runs the local profile (the dev JWT key) in compose", module)
                .containsEntry("QUARKUS_PROFILE", "local");
        if (settings.usesKafka()) {
            assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).as("%s's Kafka", module)
                    .isEqualTo(internalKafkaListener());
        }
        if (settings.hasDatasource()) {
            String database = settings.value("quarkus.datasource.username");
            assertThat(environment.get("QUARKUS_DATASOURCE_REACTIVE_URL")).endsWith(":5432/" + database)
                    .startsWith("postgresql://postgres:");
            assertThat(environment.get("QUARKUS_DATASOURCE_JDBC_URL")).isEqualTo("jdbc:"
                    + environment.get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            assertThat(environment.get("QUARKUS_DATASOURCE_USERNAME")).isEqualTo(database);
            assertThat(compose.dependsOn(module)).as("%s waits for PostgreSQL", module)
                    .containsEntry("postgres", "service_healthy");
            assertThat(Repository.read(Repository.path("deploy/compose/postgres-init.sh")))
                    .as("the init script creates %s's database", module).contains("create_database " + database + " ");
        }
        assertThat(compose.dependsOn(module)).as("%s starts after the topics exist", module)
                .containsEntry("kafka-init", "service_completed_successfully");
    }

    @Test
    void theKafkaBrokerAdvertisesTheListenerTheServicesUseAndCreatesNoTopicsByItself() {
        Map<String, String> kafka = compose.environment("kafka");
        String internal = internalKafkaListener();
        assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains("://" + internal);
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).isEqualTo("false");
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).as("KRaft, no ZooKeeper").isEqualTo("broker,controller");
        assertThat(compose.environment("kafka-init").get("BOOTSTRAP_SERVERS")).isEqualTo(internal);
    }

    @Test
    void everyBindMountedFileExistsAndEveryNamedVolumeIsDeclared() {
        for (String name : compose.services().keySet()) {
            for (Object volume : Yamls.listAt(compose.service(name), "volumes")) {
                String source = String.valueOf(volume).split(":")[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    assertThat(Repository.root().resolve(source).normalize()).as("%s mounts", name).exists();
                } else {
                    assertThat(compose.volumes()).as("%s's named volume", name).containsKey(source);
                }
            }
        }
        assertThat(Files.isExecutable(Repository.path("deploy/compose/create-topics.sh"))).isTrue();
    }

    /** The listener the broker advertises to other containers, as host:port. */
    private String internalKafkaListener() {
        String advertised = compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS");
        String listenerName = compose.environment("kafka").get("KAFKA_INTER_BROKER_LISTENER_NAME");
        for (String listener : advertised.split(",")) {
            if (listener.startsWith(listenerName + "://")) {
                return listener.substring(listenerName.length() + 3);
            }
        }
        throw new AssertionError("No advertised listener named " + listenerName + " in " + advertised);
    }
}
