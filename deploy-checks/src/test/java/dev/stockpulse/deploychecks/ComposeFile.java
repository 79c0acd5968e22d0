package dev.stockpulse.deploychecks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docker-compose.yml, read as Compose would read it with an empty environment (every ${VAR:-default} at its default). */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile load() {
        return new ComposeFile(Yamls.load(Repository.path("docker-compose.yml")));
    }

    Map<String, Object> services() {
        return Yamls.mapAt(root, "services");
    }

    Map<String, Object> service(String name) {
        Object service = services().get(name);
        if (service == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return Yamls.map(service, name);
    }

    Map<String, Object> volumes() {
        return Yamls.mapAt(root, "volumes");
    }

    /** Its environment, as a map whichever of Compose's two forms (mapping or KEY=value list) is used. */
    Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> result = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : interpolate(String.valueOf(v))));
        } else if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                result.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : interpolate(text.substring(eq + 1)));
            }
        }
        return result;
    }

    /** Published ports as {host, container} pairs, from the short syntax ("8081:8081") or the long one. */
    List<int[]> ports(String name) {
        List<int[]> ports = new ArrayList<>();
        for (Object entry : Yamls.listAt(service(name), "ports")) {
            if (entry instanceof Map<?, ?> map) {
                ports.add(new int[] {Integer.parseInt(interpolate(String.valueOf(map.get("published")))),
                        Integer.parseInt(interpolate(String.valueOf(map.get("target"))))});
            } else {
                String[] parts = interpolate(String.valueOf(entry)).split(":");
                if (parts.length < 2) {
                    throw new AssertionError(name + " publishes port " + entry + " on a random host port");
                }
                ports.add(new int[] {Integer.parseInt(parts[parts.length - 2]),
                        Integer.parseInt(parts[parts.length - 1].replace("/tcp", ""))});
            }
        }
        return ports;
    }

    /** The healthcheck command as one string, after interpolation (so $$ reads as $). */
    String healthcheck(String name) {
        Object test = Yamls.at(service(name), "healthcheck.test");
        if (test == null) {
            return null;
        }
        if (test instanceof List<?> list) {
            List<String> words = list.stream().map(String::valueOf).toList();
            return interpolate(String.join(" ", words.subList(1, words.size())));
        }
        return interpolate(String.valueOf(test));
    }

    /** depends_on as service name -> condition (null where the short list form gives none). */
    Map<String, String> dependsOn(String name) {
        Object dependsOn = service(name).get("depends_on");
        Map<String, String> result = new LinkedHashMap<>();
        if (dependsOn instanceof List<?> list) {
            list.forEach(s -> result.put(String.valueOf(s), null));
        } else if (dependsOn instanceof Map<?, ?> map) {
            map.forEach((k, v) -> result.put(String.valueOf(k),
                    v instanceof Map<?, ?> m && m.get("condition") != null ? String.valueOf(m.get("condition")) : null));
        }
        return result;
    }

    /** A service that runs to completion: something waits for it with service_completed_successfully. */
    boolean isOneShot(String name) {
        return services().keySet().stream()
                .anyMatch(other -> "service_completed_successfully".equals(dependsOn(other).get(name)));
    }

    boolean inProfile(String name) {
        return service(name).get("profiles") != null;
    }

    static String interpolate(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(2) != null && m.group(2).endsWith("-")) {
                replacement = m.group(3);
            } else {
                throw new AssertionError("docker-compose.yml uses " + m.group() + " without a default: `docker"
                        + " compose up` on a fresh clone would fail or run with an empty value");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
