package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service manifests, as rendered (by the real kustomize where installed), for the base and every overlay:
 * probes, ports, labels, resources, shutdown, and that every environment variable reaches a property.
 */
class KubernetesManifestsTest {

    /** The base and each overlay: every kustomization that deploys the services. */
    static List<Path> applications() {
        return Stream.concat(Stream.of(Repository.path("deploy/k8s/base")), Kustomize.overlays().stream()).toList();
    }

    @Test
    void thereIsAtLeastOneOverlay() {
        assertThat(Kustomize.overlays()).extracting(p -> p.getFileName().toString()).contains("production");
    }

    @ParameterizedTest
    @MethodSource("applications")
    void everyServiceHasADeploymentNamedAndLabelledAfterItsModule(Path dir) {
        Kustomize.Rendering rendering = Kustomize.render(dir);
        assertThat(rendering.ofKind("Deployment")).extracting(Yamls::name)
                .as("Deployments rendered from %s by %s", dir, rendering.renderer())
                .containsExactlyInAnyOrderElementsOf(Repository.SERVICES);
        for (Workload workload : Workload.all(rendering)) {
            String name = workload.name();
            assertThat(ServiceSettings.of(name).applicationName()).as("quarkus.application.name").isEqualTo(name);
            assertThat(Yamls.at(workload.deployment(), "metadata.labels.app")).as("%s's app label", name).isEqualTo(name);
            assertThat(Yamls.at(workload.deployment(), "spec.selector.matchLabels.app")).as("%s's selector", name)
                    .isEqualTo(name);
            assertThat(Yamls.at(workload.deployment(), "spec.template.metadata.labels.app"))
                    .as("%s's pod label", name).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void probesAskTheHealthEndpointsOnTheServicesPort(Path dir) {
        for (Workload workload : Workload.all(Kustomize.render(dir))) {
            ServiceSettings settings = ServiceSettings.of(workload.name());
            int port = settings.httpPort();
            String where = workload.name() + " in " + dir;
            assertThat(Yamls.listAt(workload.container(), "ports")).as("%s's container ports", where)
                    .extracting(p -> Yamls.map(p, "port").get("containerPort")).containsExactly(port);

            Map<String, Object> readiness = Yamls.mapAt(workload.container(), "readinessProbe.httpGet");
            Map<String, Object> liveness = Yamls.mapAt(workload.container(), "livenessProbe.httpGet");
            Map<String, Object> startup = Yamls.mapAt(workload.container(), "startupProbe.httpGet");
            assertThat(readiness.get("path")).as("%s readiness", where)
                    .isEqualTo(settings.healthRoot() + "/ready").isEqualTo("/health/ready");
            assertThat(liveness.get("path")).as("%s liveness", where)
                    .isEqualTo(settings.healthRoot() + "/live").isEqualTo("/health/live");
            assertThat(startup).as("%s has an HTTP startup probe", where).isNotEmpty();
            assertThat(startup.get("path")).as("%s startup", where).isEqualTo(settings.healthRoot() + "/started");
            for (Map<String, Object> probe : List.of(readiness, liveness, startup)) {
                assertThat(workload.resolvePort(probe.get("port"))).as("%s probe port", where).isEqualTo(port);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void eachServiceIsReachableOnItsOwnPort(Path dir) {
        Kustomize.Rendering rendering = Kustomize.render(dir);
        for (Workload workload : Workload.all(rendering)) {
            int port = ServiceSettings.of(workload.name()).httpPort();
            Map<String, Object> service = rendering.find("Service", workload.name())
                    .orElseThrow(() -> new AssertionError("No Service " + workload.name() + " in " + dir));
            assertThat(Yamls.mapAt(service, "spec.selector")).as("Service %s selects its pods", workload.name())
                    .isEqualTo(Map.of("app", workload.name()));
            List<Object> ports = Yamls.listAt(service, "spec.ports");
            assertThat(ports).hasSize(1);
            Map<String, Object> servicePort = Yamls.map(ports.get(0), "port");
            assertThat(servicePort.get("port")).as("Service %s port", workload.name()).isEqualTo(port);
            assertThat(workload.resolvePort(servicePort.get("targetPort"))).as("Service %s targetPort", workload.name())
                    .isEqualTo(port);
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void everyContainerHasRequestsLimitsAndDrainsBeforeItStops(Path dir) {
        for (Workload workload : Workload.all(Kustomize.render(dir))) {
            String where = workload.name() + " in " + dir;
            for (String path : List.of("requests.cpu", "requests.memory", "limits.cpu", "limits.memory")) {
                assertThat(Yamls.at(Yamls.mapAt(workload.container(), "resources"), path)).as("%s resources.%s", where, path)
                        .isNotNull();
            }
            long shutdown = workload.value("QUARKUS_SHUTDOWN_TIMEOUT").map(Workload::duration).map(d -> d.toSeconds())
                    .orElseThrow(() -> new AssertionError(where + " sets no QUARKUS_SHUTDOWN_TIMEOUT: Quarkus would"
                            + " stop at once on SIGTERM, cutting in-flight requests"));
            assertThat(workload.terminationGracePeriodSeconds())
                    .as("%s: the grace period must cover the preStop sleep and the graceful shutdown", where)
                    .isGreaterThan((int) (workload.preStopSeconds() + shutdown));
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void everyEnvironmentVariableSetsAPropertyTheServiceReads(Path dir) {
        Map<String, Set<String>> secrets = Workload.knownSecrets();
        for (Workload workload : Workload.all(Kustomize.render(dir))) {
            ServiceSettings settings = ServiceSettings.of(workload.name());
            List<String> problems = new ArrayList<>();
            workload.environment().forEach((variable, source) -> {
                if (EnvironmentVariables.target(variable, settings).isEmpty()) {
                    problems.add(variable + " sets nothing " + workload.name() + " reads");
                }
                if (source.secretName() != null && !secrets.getOrDefault(source.secretName(), Set.of())
                        .contains(source.secretKey())) {
                    problems.add(variable + " reads key " + source.secretKey() + " of Secret " + source.secretName()
                            + ", which neither a secret.example.yaml nor Strimzi provides");
                }
                if (source.value() == null && source.secretName() == null) {
                    problems.add(variable + " has neither a value nor a secretKeyRef");
                }
            });
            for (Object v : Yamls.listAt(workload.podSpec(), "volumes")) {
                Map<String, Object> volume = Yamls.map(v, "volume");
                Object secretName = Yamls.at(volume, "secret.secretName");
                if (secretName != null) {
                    Set<String> keys = secrets.getOrDefault(String.valueOf(secretName), Set.of());
                    if (keys.isEmpty()) {
                        problems.add("volume " + volume.get("name") + " mounts an unknown Secret " + secretName);
                    }
                    for (Object item : Yamls.listAt(volume, "secret.items")) {
                        Object key = Yamls.map(item, "item").get("key");
                        if (!keys.contains(String.valueOf(key))) {
                            problems.add("volume " + volume.get("name") + " mounts key " + key + " of " + secretName
                                    + ", which it does not have");
                        }
                    }
                }
            }
            workload.value("KAFKA_SSL_TRUSTSTORE_LOCATION").ifPresent(location -> {
                if (workload.volumeHolding(location).isEmpty()) {
                    problems.add("KAFKA_SSL_TRUSTSTORE_LOCATION " + location + " is on no mounted volume");
                }
            });
            assertThat(problems).as("%s rendered from %s", workload.name(), dir).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void secretsAreNeverInConfigMapsAndTheDevKeyIsNeverTrusted(Path dir) {
        Kustomize.Rendering rendering = Kustomize.render(dir);
        for (Map<String, Object> configMap : rendering.ofKind("ConfigMap")) {
            assertThat(Yamls.mapAt(configMap, "data").keySet()).as("ConfigMap %s", Yamls.name(configMap))
                    .noneMatch(k -> k.contains("PASSWORD") || k.contains("JAAS") || k.contains("SECRET"));
        }
        for (Workload workload : Workload.all(rendering)) {
            assertThat(workload.value("QUARKUS_PROFILE").orElse("prod")).as("%s's profile in %s", workload.name(), dir)
                    .isNotIn("dev", "test", "local");
            workload.value("MP_JWT_VERIFY_PUBLICKEY_LOCATION").ifPresent(key ->
                    assertThat(key).as("%s's JWT key", workload.name()).doesNotContain("dev-jwt-public-key"));
            workload.value("MP_JWT_VERIFY_ISSUER").ifPresent(issuer ->
                    assertThat(issuer).as("%s's JWT issuer", workload.name()).isNotEqualTo("stockpulse-dev"));
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void imagesArePinned(Path dir) {
        for (Workload workload : Workload.all(Kustomize.render(dir))) {
            String image = String.valueOf(workload.container().get("image"));
            assertThat(image).as("%s's image in %s", workload.name(), dir).doesNotEndWith(":latest").contains(":");
            if (!dir.endsWith("base")) {
                assertThat(image).as("%s's image in overlay %s is a release", workload.name(), dir)
                        .doesNotContain("SNAPSHOT");
            }
        }
    }

    @Test
    void everyOverlayGivesEachServiceAnIdentityProvider() {
        // The prod profile refuses to start without them (service-commons' DevKeyGuard).
        for (Path overlay : Kustomize.overlays()) {
            for (Workload workload : Workload.all(Kustomize.render(overlay))) {
                assertThat(workload.value("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).as("%s in %s", workload.name(), overlay)
                        .isPresent();
                assertThat(workload.value("MP_JWT_VERIFY_ISSUER")).as("%s in %s", workload.name(), overlay).isPresent();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("applications")
    void theGatewayHasADisruptionBudgetAnAutoscalerAndTheLongestGracePeriod(Path dir) {
        Kustomize.Rendering rendering = Kustomize.render(dir);
        String gateway = "realtime-gateway";
        List<Map<String, Object>> budgets = rendering.ofKind("PodDisruptionBudget").stream()
                .filter(p -> Map.of("app", gateway).equals(Yamls.mapAt(p, "spec.selector.matchLabels")))
                .toList();
        assertThat(budgets).as("PodDisruptionBudget selecting app=%s in %s", gateway, dir).hasSize(1);

        List<Map<String, Object>> autoscalers = rendering.ofKind("HorizontalPodAutoscaler").stream()
                .filter(h -> "Deployment".equals(Yamls.at(h, "spec.scaleTargetRef.kind"))
                        && gateway.equals(Yamls.at(h, "spec.scaleTargetRef.name")))
                .toList();
        assertThat(autoscalers).as("HorizontalPodAutoscaler targeting Deployment %s in %s", gateway, dir).hasSize(1);
        Map<String, Object> hpa = autoscalers.get(0);
        assertThat(Yamls.listAt(hpa, "spec.metrics")).as("the gateway scales on CPU")
                .anySatisfy(m -> assertThat(Yamls.at(Yamls.map(m, "metric"), "resource.name")).isEqualTo("cpu"));
        int minReplicas = (Integer) Yamls.at(hpa, "spec.minReplicas");
        assertThat(minReplicas).as("at least two gateways, so a disruption never takes them all").isGreaterThanOrEqualTo(2);

        // The budget must allow a drain to proceed, or node maintenance hangs.
        Map<String, Object> budget = budgets.get(0);
        Object maxUnavailable = Yamls.at(budget, "spec.maxUnavailable");
        Object minAvailable = Yamls.at(budget, "spec.minAvailable");
        if (maxUnavailable != null) {
            assertThat((Integer) maxUnavailable).isGreaterThanOrEqualTo(1);
        } else {
            assertThat((Integer) minAvailable).isLessThan(minReplicas);
        }

        List<Workload> workloads = Workload.all(rendering);
        Workload gatewayWorkload = workloads.stream().filter(w -> w.name().equals(gateway)).findFirst().orElseThrow();
        for (Workload other : workloads) {
            if (other != gatewayWorkload) {
                assertThat(gatewayWorkload.terminationGracePeriodSeconds())
                        .as("the gateway closes WebSockets and drains, so it gets longer than %s", other.name())
                        .isGreaterThan(other.terminationGracePeriodSeconds());
            }
        }
    }
}
