package dev.stockpulse.deploychecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes strategic-merge patch for the fields the overlays patch: mappings merge key by key (a null value
 * deletes), lists of containers, env, volumes, volume mounts and ports merge by their patch merge key (as in the
 * Kubernetes API: name, mountPath, containerPort, port), every other list is replaced. Patch directives
 * ({@code $patch}, {@code $setElementOrder}, ...) are refused rather than half-implemented.
 */
final class StrategicMerge {

    private StrategicMerge() {
    }

    static Object apply(Object original, Object patch) {
        return merge(original, patch, "");
    }

    @SuppressWarnings("unchecked")
    private static Object merge(Object original, Object patch, String path) {
        if (patch instanceof Map && original instanceof Map) {
            Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) original);
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) patch).entrySet()) {
                String key = entry.getKey();
                if (key.startsWith("$")) {
                    throw new UnsupportedOperationException("Patch directive " + key + " at " + path
                            + " is not implemented by the built-in renderer");
                }
                if (entry.getValue() == null) {
                    result.remove(key);
                } else if (result.containsKey(key)) {
                    result.put(key, merge(result.get(key), entry.getValue(), path + "." + key));
                } else {
                    result.put(key, copy(entry.getValue()));
                }
            }
            return result;
        }
        if (patch instanceof List && original instanceof List) {
            String mergeKey = mergeKey(path);
            if (mergeKey == null) {
                return copy(patch);
            }
            return mergeList((List<Object>) original, (List<Object>) patch, mergeKey, path);
        }
        return copy(patch);
    }

    /** Items of the patch first, merged with the original item of the same key, then the untouched originals. */
    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(List<Object> original, List<Object> patch, String mergeKey, String path) {
        List<Object> result = new ArrayList<>();
        List<Object> remaining = new ArrayList<>(original);
        for (Object item : patch) {
            Map<String, Object> patchItem = Yamls.map(item, path + "[]");
            Object key = patchItem.get(mergeKey);
            if (key == null) {
                throw new AssertionError("A patch item at " + path + " has no merge key " + mergeKey);
            }
            Object match = remaining.stream()
                    .filter(o -> key.equals(((Map<String, Object>) o).get(mergeKey)))
                    .findFirst().orElse(null);
            if (match == null) {
                result.add(copy(patchItem));
            } else {
                remaining.remove(match);
                result.add(merge(match, patchItem, path + "[" + key + "]"));
            }
        }
        for (Object item : remaining) {
            result.add(copy(item));
        }
        return result;
    }

    private static String mergeKey(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        switch (last) {
            case "containers", "initContainers", "env", "volumes", "imagePullSecrets":
                return "name";
            case "volumeMounts":
                return "mountPath";
            case "ports":
                return path.contains("containers[") ? "containerPort" : "port";
            default:
                return null;
        }
    }

    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) value).forEach((k, v) -> copy.put(k, copy(v)));
            return copy;
        }
        if (value instanceof List) {
            List<Object> copy = new ArrayList<>();
            ((List<Object>) value).forEach(v -> copy.add(copy(v)));
            return copy;
        }
        return value;
    }
}
