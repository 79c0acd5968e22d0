package dev.stockpulse.deploychecks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML as plain maps and lists, plus the few typed look-ups the checks need. */
final class Yamls {

    private Yamls() {
    }

    static Map<String, Object> load(Path file) {
        Object document = yaml().load(Repository.read(file));
        if (!(document instanceof Map)) {
            throw new AssertionError(file + " is not a YAML mapping");
        }
        return map(document, file.toString());
    }

    static List<Map<String, Object>> loadAll(String text, String origin) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(text)) {
            if (document == null) {
                continue;
            }
            documents.add(map(document, origin));
        }
        return documents;
    }

    static List<Map<String, Object>> loadAll(Path file) {
        return loadAll(Repository.read(file), file.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new AssertionError(where + " is not a mapping: " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            throw new AssertionError(where + " is not a list: " + value);
        }
        return (List<Object>) value;
    }

    /** The value at a dotted path of mapping keys, or null when any step is missing. */
    static Object at(Map<String, Object> root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(step);
        }
        return current;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value == null ? Map.of() : map(value, path);
    }

    static List<Object> listAt(Map<String, Object> root, String path) {
        Object value = at(root, path);
        return value == null ? List.of() : list(value, path);
    }

    static String kind(Map<String, Object> resource) {
        return String.valueOf(resource.get("kind"));
    }

    static String name(Map<String, Object> resource) {
        return String.valueOf(at(resource, "metadata.name"));
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
