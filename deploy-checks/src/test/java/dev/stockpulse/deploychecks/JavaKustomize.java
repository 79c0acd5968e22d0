package dev.stockpulse.deploychecks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately small kustomize, for machines without kubectl or kustomize. It implements exactly what the
 * kustomizations under deploy/k8s use and refuses anything else, so a check never passes on a rendering that
 * silently ignored part of a kustomization:
 * <ul>
 *   <li>{@code resources}: YAML files (one or more documents) and folders with their own kustomization;</li>
 *   <li>{@code patches} with {@code path}: strategic-merge patches, matched by kind and name ({@link StrategicMerge});</li>
 *   <li>{@code namespace}: set on every resource, which are all namespaced here;</li>
 *   <li>{@code images}: {@code newName}, {@code newTag}, {@code digest} for the containers of pod templates.</li>
 * </ul>
 * Where kubectl is present, {@code KustomizeRendererTest} checks that this renders the same as the real one.
 */
final class JavaKustomize {

    private static final Set<String> SUPPORTED_FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "images",
            "patches");
    /** Kinds whose content refers to namespaces, which kustomize's namespace transformer would also rewrite. */
    private static final Set<String> NAMESPACE_SENSITIVE_KINDS = Set.of("Namespace", "RoleBinding", "ClusterRoleBinding",
            "ClusterRole", "CustomResourceDefinition", "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
            "APIService", "PersistentVolume", "StorageClass");

    private JavaKustomize() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Path file = kustomizationFile(dir);
        Map<String, Object> kustomization = Yamls.load(file);
        for (String field : kustomization.keySet()) {
            if (!SUPPORTED_FIELDS.contains(field)) {
                throw new UnsupportedOperationException(file + " uses `" + field + "`, which the built-in renderer"
                        + " does not implement. Keep the kustomizations simple or extend JavaKustomize.");
            }
        }
        if (!"Kustomization".equals(kustomization.get("kind"))) {
            throw new AssertionError(file + ": kind must be Kustomization");
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : Yamls.listAt(kustomization, "resources")) {
            Path resource = dir.resolve(String.valueOf(entry)).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                resources.addAll(Yamls.loadAll(resource));
            } else {
                throw new AssertionError(file + " lists a resource that does not exist: " + entry);
            }
        }
        for (Object entry : Yamls.listAt(kustomization, "patches")) {
            Map<String, Object> patchEntry = Yamls.map(entry, file + " patches[]");
            if (!patchEntry.keySet().equals(Set.of("path"))) {
                throw new UnsupportedOperationException(file + ": only `patches: - path: <file>` (strategic merge by"
                        + " kind and name) is implemented, not " + patchEntry.keySet());
            }
            Path patchFile = dir.resolve(String.valueOf(patchEntry.get("path")));
            for (Map<String, Object> patch : Yamls.loadAll(patchFile)) {
                Map<String, Object> target = find(resources, Yamls.kind(patch), Yamls.name(patch), patchFile);
                int index = resources.indexOf(target);
                resources.set(index, Yamls.map(StrategicMerge.apply(target, patch), patchFile.toString()));
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            for (Map<String, Object> resource : resources) {
                if (NAMESPACE_SENSITIVE_KINDS.contains(Yamls.kind(resource))) {
                    throw new UnsupportedOperationException(file + ": the namespace of a " + Yamls.kind(resource)
                            + " is not handled by the built-in renderer");
                }
                Yamls.map(resource.get("metadata"), "metadata").put("namespace", namespace);
            }
        }
        for (Object entry : Yamls.listAt(kustomization, "images")) {
            Map<String, Object> image = Yamls.map(entry, file + " images[]");
            for (String field : image.keySet()) {
                if (!Set.of("name", "newName", "newTag", "digest").contains(field)) {
                    throw new UnsupportedOperationException(file + ": images[]." + field + " is not implemented");
                }
            }
            for (Map<String, Object> resource : resources) {
                retag(resource, image);
            }
        }
        return resources;
    }

    static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new AssertionError("No kustomization in " + dir);
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, String kind, String name, Path patch) {
        List<Map<String, Object>> matches = resources.stream()
                .filter(r -> Yamls.kind(r).equals(kind) && Yamls.name(r).equals(name))
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError(patch + " patches " + kind + " " + name + ", which matches " + matches.size()
                    + " resources");
        }
        return matches.get(0);
    }

    /** Applies one `images` entry to every container and init container, wherever a pod template holds them. */
    @SuppressWarnings("unchecked")
    private static void retag(Object node, Map<String, Object> image) {
        if (node instanceof Map) {
            Map<String, Object> map = (Map<String, Object>) node;
            for (Map.Entry<String, Object> entry : map.entrySet()) {
                if ((entry.getKey().equals("containers") || entry.getKey().equals("initContainers"))
                        && entry.getValue() instanceof List) {
                    for (Object container : (List<Object>) entry.getValue()) {
                        Map<String, Object> c = (Map<String, Object>) container;
                        if (c.get("image") instanceof String current) {
                            c.put("image", retagged(current, image));
                        }
                    }
                } else {
                    retag(entry.getValue(), image);
                }
            }
        } else if (node instanceof List) {
            for (Object item : (List<Object>) node) {
                retag(item, image);
            }
        }
    }

    static String retagged(String reference, Map<String, Object> image) {
        String name = reference;
        String suffix = "";
        int at = reference.indexOf('@');
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        if (at >= 0) {
            name = reference.substring(0, at);
            suffix = reference.substring(at);
        } else if (colon > slash) {
            name = reference.substring(0, colon);
            suffix = reference.substring(colon);
        }
        if (!name.equals(image.get("name"))) {
            return reference;
        }
        String newName = image.containsKey("newName") ? String.valueOf(image.get("newName")) : name;
        if (image.containsKey("digest")) {
            suffix = "@" + image.get("digest");
        } else if (image.containsKey("newTag")) {
            suffix = ":" + image.get("newTag");
        }
        return newName + suffix;
    }

    /** Resources keyed kind/namespace/name, for comparing renderings. */
    static Map<String, Map<String, Object>> byId(List<Map<String, Object>> resources) {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> resource : resources) {
            String id = Yamls.kind(resource) + "/" + Yamls.at(resource, "metadata.namespace") + "/" + Yamls.name(resource);
            if (byId.put(id, resource) != null) {
                throw new AssertionError("Two resources with the same kind, namespace and name: " + id);
            }
        }
        return byId;
    }
}
