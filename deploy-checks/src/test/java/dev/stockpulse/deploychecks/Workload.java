package dev.stockpulse.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rendered Deployment's main container, with its environment resolved against the rendered ConfigMaps. */
final class Workload {

    /** How an environment variable gets its value. */
    record EnvSource(String value, String secretName, String secretKey) {
    }

    private final Kustomize.Rendering rendering;
    private final Map<String, Object> deployment;
    private final Map<String, Object> container;

    Workload(Kustomize.Rendering rendering, Map<String, Object> deployment) {
        this.rendering = rendering;
        this.deployment = deployment;
        String name = Yamls.name(deployment);
        this.container = Yamls.listAt(deployment, "spec.template.spec.containers").stream()
                .map(c -> Yamls.map(c, name + " container"))
                .filter(c -> name.equals(c.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("Deployment " + name + " in " + rendering.dir()
                        + " has no container named like it"));
    }

    String name() {
        return Yamls.name(deployment);
    }

    Map<String, Object> deployment() {
        return deployment;
    }

    Map<String, Object> container() {
        return container;
    }

    Map<String, Object> podSpec() {
        return Yamls.mapAt(deployment, "spec.template.spec");
    }

    /** A probe's or Service's port, by number or by the container port's name. */
    int resolvePort(Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        for (Object p : Yamls.listAt(container, "ports")) {
            Map<String, Object> containerPort = Yamls.map(p, "port");
            if (String.valueOf(port).equals(containerPort.get("name"))) {
                return (Integer) containerPort.get("containerPort");
            }
        }
        throw new AssertionError(name() + " refers to port " + port + ", which its container does not name");
    }

    /** Every environment variable of the container, from envFrom ConfigMaps and env, later ones winning. */
    Map<String, EnvSource> environment() {
        Map<String, EnvSource> environment = new LinkedHashMap<>();
        for (Object from : Yamls.listAt(container, "envFrom")) {
            Map<String, Object> source = Yamls.map(from, "envFrom");
            if (source.containsKey("prefix")) {
                throw new AssertionError(name() + ": envFrom with a prefix is not checked; set the full names");
            }
            Object configMap = Yamls.at(source, "configMapRef.name");
            if (configMap == null) {
                throw new AssertionError(name() + ": envFrom other than a ConfigMap (a whole Secret?) hides which"
                        + " variables are set; reference secret keys one by one under env");
            }
            Map<String, Object> data = Yamls.mapAt(configMap(String.valueOf(configMap)), "data");
            data.forEach((k, v) -> environment.put(k, new EnvSource(String.valueOf(v), null, null)));
        }
        for (Object e : Yamls.listAt(container, "env")) {
            Map<String, Object> entry = Yamls.map(e, "env");
            String variable = String.valueOf(entry.get("name"));
            if (entry.containsKey("value")) {
                environment.put(variable, new EnvSource(String.valueOf(entry.get("value")), null, null));
            } else if (Yamls.at(entry, "valueFrom.secretKeyRef") != null) {
                environment.put(variable, new EnvSource(null, String.valueOf(Yamls.at(entry, "valueFrom.secretKeyRef.name")),
                        String.valueOf(Yamls.at(entry, "valueFrom.secretKeyRef.key"))));
            } else if (Yamls.at(entry, "valueFrom.configMapKeyRef") != null) {
                Map<String, Object> data = Yamls.mapAt(configMap(String.valueOf(Yamls.at(entry,
                        "valueFrom.configMapKeyRef.name"))), "data");
                Object key = Yamls.at(entry, "valueFrom.configMapKeyRef.key");
                if (!data.containsKey(String.valueOf(key))) {
                    throw new AssertionError(name() + ": " + variable + " refers to a ConfigMap key that does not exist: "
                            + key);
                }
                environment.put(variable, new EnvSource(String.valueOf(data.get(String.valueOf(key))), null, null));
            } else {
                environment.put(variable, new EnvSource(null, null, null));
            }
        }
        return environment;
    }

    Optional<String> value(String variable) {
        EnvSource source = environment().get(variable);
        return source == null ? Optional.empty() : Optional.ofNullable(source.value());
    }

    /** Seconds the preStop hook holds the pod before SIGTERM (sleep action or an exec of `sleep N`). */
    int preStopSeconds() {
        Map<String, Object> preStop = Yamls.mapAt(container, "lifecycle.preStop");
        if (preStop.isEmpty()) {
            throw new AssertionError(name() + " has no preStop hook: its endpoint may still get traffic after SIGTERM");
        }
        Object sleep = Yamls.at(preStop, "sleep.seconds");
        if (sleep instanceof Integer seconds) {
            return seconds;
        }
        String command = String.join(" ", Yamls.listAt(preStop, "exec.command").stream().map(String::valueOf).toList());
        Matcher m = Pattern.compile("sleep (\\d+)").matcher(command);
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        throw new AssertionError(name() + "'s preStop hook does not wait: " + preStop);
    }

    int terminationGracePeriodSeconds() {
        Object grace = podSpec().get("terminationGracePeriodSeconds");
        return grace == null ? 30 : (Integer) grace;
    }

    /** The volume and mount that hold a file path of the container, if any. */
    Optional<Map<String, Object>> volumeHolding(String file) {
        for (Object m : Yamls.listAt(container, "volumeMounts")) {
            Map<String, Object> mount = Yamls.map(m, "volumeMount");
            String mountPath = String.valueOf(mount.get("mountPath"));
            if (file.startsWith(mountPath.endsWith("/") ? mountPath : mountPath + "/")) {
                String volumeName = String.valueOf(mount.get("name"));
                return Yamls.listAt(podSpec(), "volumes").stream()
                        .map(v -> Yamls.map(v, "volume"))
                        .filter(v -> volumeName.equals(v.get("name")))
                        .findFirst()
                        .map(v -> {
                            Map<String, Object> result = new HashMap<>(v);
                            result.put("relativePath", file.substring(mountPath.length()).replaceFirst("^/", ""));
                            return result;
                        });
            }
        }
        return Optional.empty();
    }

    private Map<String, Object> configMap(String name) {
        return rendering.find("ConfigMap", name).orElseThrow(() -> new AssertionError(name() + " in "
                + rendering.dir() + " reads ConfigMap " + name + ", which the rendering does not contain"));
    }

    /** Quarkus duration syntax: ISO-8601 (PT15S) or a number with ms, s, m, h or d (a bare number is seconds). */
    static Duration duration(String text) {
        String value = text.trim();
        if (value.toUpperCase().startsWith("P")) {
            return Duration.parse(value);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(value);
        if (!m.matches()) {
            throw new AssertionError("Not a duration: " + text);
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * The Secrets the manifests may reference and their keys: the documented examples (secret.example.yaml files,
     * never applied) and the ones Strimzi creates for the resources in deploy/k8s/kafka (each KafkaUser's
     * credentials, each cluster's CA certificate).
     */
    static Map<String, Set<String>> knownSecrets() {
        Map<String, Set<String>> secrets = new HashMap<>();
        try (var files = Files.walk(Repository.path("deploy/k8s"))) {
            for (Path example : files.filter(p -> p.getFileName().toString().equals("secret.example.yaml")).toList()) {
                for (Map<String, Object> secret : Yamls.loadAll(example)) {
                    Set<String> keys = new java.util.TreeSet<>(Yamls.mapAt(secret, "stringData").keySet());
                    keys.addAll(Yamls.mapAt(secret, "data").keySet());
                    secrets.put(Yamls.name(secret), keys);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Kustomize.Rendering kafka = Kustomize.render(Repository.path("deploy/k8s/kafka"));
        for (Map<String, Object> user : kafka.ofKind("KafkaUser")) {
            secrets.put(Yamls.name(user), Set.of("password", "sasl.jaas.config"));
        }
        for (Map<String, Object> cluster : kafka.ofKind("Kafka")) {
            secrets.put(Yamls.name(cluster) + "-cluster-ca-cert", Set.of("ca.crt", "ca.p12", "ca.password"));
        }
        return secrets;
    }

    static List<Workload> all(Kustomize.Rendering rendering) {
        return rendering.ofKind("Deployment").stream().map(d -> new Workload(rendering, d)).toList();
    }
}
