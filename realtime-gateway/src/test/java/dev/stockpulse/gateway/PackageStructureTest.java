package dev.stockpulse.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's package layout (STYLE.md, "Layout"), read from the sources: packages never import each other in a
 * loop. A reference is an import or a fully qualified name in the code; both count.
 */
class PackageStructureTest {

    private static final String ROOT = "dev.stockpulse.gateway";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern GATEWAY_REFERENCE =
            Pattern.compile("\\b(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.(?:[A-Z]\\w*|\\*)");

    /** Cycles still present, each as its packages, sorted and joined with " <-> ". */
    private static final Set<String> KNOWN_CYCLES = Set.of(
            "core.intake <-> core.room <-> core.stats <-> protocol",
            "core.access <-> dialect.sse <-> dialect.ws");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void read() {
        graph = packageGraph(Path.of("src/main/java"));
    }

    @Test
    void noPackageImportsItselfInALoop() {
        Set<String> cycles = new TreeSet<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(String.join(" <-> ", component.stream().map(PackageStructureTest::shortName).sorted()
                        .toList()));
            }
        }
        Set<String> known = new TreeSet<>();
        for (String cycle : KNOWN_CYCLES) {
            known.add(String.join(" <-> ", Stream.of(cycle.split(" <-> ")).sorted().toList()));
        }
        assertThat(cycles).as("package cycles (each: the packages that import each other in a loop)")
                .containsExactlyInAnyOrderElementsOf(known);
    }

    /** Every package of the gateway to the gateway packages its sources reference. */
    static Map<String, Set<String>> packageGraph(Path sources) {
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher declared = PACKAGE.matcher(text);
                if (!declared.find()) {
                    continue;
                }
                String from = declared.group(1);
                Set<String> targets = edges.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher reference = GATEWAY_REFERENCE.matcher(text);
                while (reference.find()) {
                    String to = reference.group(1);
                    if (!to.equals(from)) {
                        targets.add(to);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return edges;
    }

    /** Tarjan's algorithm: each strongly connected component of the graph. */
    static List<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, edges, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void connect(String node, Map<String, Set<String>> edges, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> components,
            int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : edges.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, edges, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component);
        }
    }

    private static String shortName(String pkg) {
        return pkg.equals(ROOT) ? "(root)" : pkg.substring(ROOT.length() + 1);
    }
}
