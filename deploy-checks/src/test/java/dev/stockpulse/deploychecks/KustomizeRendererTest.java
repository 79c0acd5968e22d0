package dev.stockpulse.deploychecks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in renderer is the fallback where no kustomize is installed, so it must render what the real one does:
 * compared on every kustomization under deploy/k8s when kubectl or kustomize is there, and unit-tested on the
 * semantics it implements either way.
 */
class KustomizeRendererTest {

    static List<Path> kustomizations() {
        return Kustomize.kustomizations();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theBuiltInRendererAgreesWithTheRealKustomize(Path dir) {
        Optional<List<String>> tool = Kustomize.externalTool(dir);
        if (tool.isEmpty()) {
            System.err.println("!! SKIPPED: no kubectl/kustomize on the PATH to compare JavaKustomize with, for " + dir);
        }
        assumeTrue(tool.isPresent(), "no kubectl or kustomize on the PATH: the comparison cannot run here");
        Map<String, Map<String, Object>> real = JavaKustomize.byId(Kustomize.renderWith(tool.get(), dir));
        Map<String, Map<String, Object>> ours = JavaKustomize.byId(JavaKustomize.render(dir));
        assertThat(ours.keySet()).as("resources rendered from %s", dir).containsExactlyInAnyOrderElementsOf(real.keySet());
        real.forEach((id, resource) -> assertThat(normalize(ours.get(id))).as("%s from %s", id, dir)
                .isEqualTo(normalize(resource)));
    }

    @Test
    void everyKustomizationUnderDeployRendersWithTheBuiltInRenderer() {
        assertThat(Kustomize.kustomizations()).extracting(p -> Repository.root().relativize(p).toString())
                .contains("deploy/k8s/base", "deploy/k8s/kafka", "deploy/k8s/overlays/production");
        for (Path dir : Kustomize.kustomizations()) {
            assertThat(JavaKustomize.render(dir)).as("resources from %s", dir).isNotEmpty();
        }
    }

    @Test
    void strategicMergeMergesListsByTheirKeyAndReplacesTheRest() {
        Map<String, Object> original = Yamls.loadAll("""
                kind: Deployment
                metadata: {name: app, labels: {a: "1", b: "2"}}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          image: app:1
                          args: [x, y]
                          env: [{name: A, value: "1"}, {name: B, value: "2"}]
                          volumeMounts: [{name: tmp, mountPath: /tmp}]
                        - name: sidecar
                          image: side:1
                      volumes: [{name: tmp, emptyDir: {}}]
                """, "original").get(0);
        Map<String, Object> patch = Yamls.loadAll("""
                kind: Deployment
                metadata: {name: app, labels: {b: null, c: "3"}}
                spec:
                  template:
                    spec:
                      containers:
                        - name: app
                          args: [z]
                          env: [{name: B, value: "two"}, {name: C, value: "3"}]
                          volumeMounts: [{name: ca, mountPath: /ca}]
                      volumes: [{name: ca, secret: {secretName: ca}}]
                """, "patch").get(0);
        Map<String, Object> merged = Yamls.map(StrategicMerge.apply(original, patch), "merged");

        assertThat(Yamls.mapAt(merged, "metadata.labels")).isEqualTo(Map.of("a", "1", "c", "3"));
        List<Object> containers = Yamls.listAt(merged, "spec.template.spec.containers");
        assertThat(containers).hasSize(2);
        Map<String, Object> app = Yamls.map(containers.get(0), "app");
        assertThat(app.get("image")).isEqualTo("app:1");
        assertThat(app.get("args")).as("a list without merge key is replaced").isEqualTo(List.of("z"));
        assertThat(Yamls.listAt(app, "env")).containsExactlyInAnyOrder(Map.of("name", "A", "value", "1"),
                Map.of("name", "B", "value", "two"), Map.of("name", "C", "value", "3"));
        assertThat(Yamls.listAt(app, "volumeMounts")).hasSize(2);
        assertThat(Yamls.listAt(merged, "spec.template.spec.volumes")).hasSize(2);
        assertThat(Yamls.at(Yamls.map(containers.get(1), "sidecar"), "image")).isEqualTo("side:1");
    }

    @Test
    void imagesAreRetaggedByNameOnly() {
        Map<String, Object> image = Map.of("name", "stockpulse/app", "newName", "registry.example.com/app", "newTag", "2");
        assertThat(JavaKustomize.retagged("stockpulse/app:1", image)).isEqualTo("registry.example.com/app:2");
        assertThat(JavaKustomize.retagged("stockpulse/app", image)).isEqualTo("registry.example.com/app:2");
        assertThat(JavaKustomize.retagged("stockpulse/application:1", image)).isEqualTo("stockpulse/application:1");
        assertThat(JavaKustomize.retagged("localhost:5000/stockpulse/app:1", image)).isEqualTo("localhost:5000/stockpulse/app:1");
    }

    @Test
    void unsupportedKustomizeFeaturesAreRefusedNotIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [cm.yaml]
                commonLabels: {team: a}
                """);
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> JavaKustomize.render(dir)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("commonLabels");
    }

    /** Lists whose items carry a `name` (or `mountPath`) are compared as sets: kustomize may order them differently. */
    @SuppressWarnings("unchecked")
    private static Object normalize(Object value) {
        if (value instanceof Map) {
            Map<String, Object> result = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> result.put(k, normalize(v)));
            return result;
        }
        if (value instanceof List) {
            List<Object> items = new ArrayList<>();
            ((List<Object>) value).forEach(v -> items.add(normalize(v)));
            for (String key : List.of("name", "mountPath")) {
                if (!items.isEmpty() && items.stream().allMatch(i -> i instanceof Map && ((Map<?, ?>) i).containsKey(key))) {
                    items.sort(Comparator.comparing(i -> String.valueOf(((Map<?, ?>) i).get(key))));
                    break;
                }
            }
            return items;
        }
        return value;
    }
}
