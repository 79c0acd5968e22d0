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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's package layout (STYLE.md, "Layout"; README, "How it works"), read from the sources: a core that
 * knows no wire format, the JSON protocol over it, and dialects that import only those two, never each other; Vert.x
 * and Netty internals in one class; and no package imports itself in a loop. A reference is an import or a fully qualified name in the code; both count.
 */
class PackageStructureTest {

    private static final String ROOT = "dev.stockpulse.gateway";
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern GATEWAY_REFERENCE =
            Pattern.compile("\\b(" + Pattern.quote(ROOT) + "(?:\\.[a-z]\\w*)*)\\.(?:[A-Z]\\w*|\\*)");

    private static final String CORE = ROOT + ".core";
    private static final String PROTOCOL = ROOT + ".protocol";
    private static final String DIALECT = ROOT + ".dialect";
    private static final String INTERNAL = ROOT + ".internal";

    /** Vert.x and Netty implementation classes: any Vert.x package named impl, and all of Netty. */
    private static final Pattern INTERNALS = Pattern.compile("\\b(io\\.vertx(?:\\.\\w+)*\\.impl|io\\.netty)\\.[\\w.]+");
    /** The one class allowed to use them, with a test of its own that names each assumption it makes. */
    private static final Path INTERNALS_CLASS = Path.of("dev/stockpulse/gateway/internal/VertxInternals.java");
    private static final Path SOURCES = Path.of("src/main/java");

    private static Map<String, Set<String>> graph;

    @BeforeAll
    static void read() {
        graph = packageGraph(SOURCES);
    }

    @Test
    void noPackageImportsItselfInALoop() {
        List<String> cycles = new ArrayList<>();
        for (Set<String> component : stronglyConnected(graph)) {
            if (component.size() > 1) {
                cycles.add(String.join(" <-> ", component.stream().map(PackageStructureTest::shortName).toList()));
            }
        }
        assertThat(cycles).as("package cycles (each: the packages that import each other in a loop)").isEmpty();
    }

    @Test
    void theCoreKnowsNoWireFormat() {
        assertThat(references(p -> within(p, CORE), p -> within(p, PROTOCOL) || within(p, DIALECT)
                || within(p, INTERNAL))).as("core packages that import a protocol, a dialect or the internals").isEmpty();
    }

    @Test
    void aProtocolKnowsNoDialect() {
        assertThat(references(p -> within(p, PROTOCOL), p -> within(p, DIALECT)))
                .as("protocol packages that import a dialect").isEmpty();
    }

    @Test
    void dialectsKnowOnlyTheCoreTheProtocolAndTheInternals() {
        List<String> wrong = new ArrayList<>();
        graph.forEach((from, targets) -> {
            if (within(from, DIALECT)) {
                targets.stream().filter(to -> !within(to, CORE) && !within(to, PROTOCOL) && !within(to, INTERNAL)
                        && !dialectOf(to).equals(dialectOf(from)))
                        .forEach(to -> wrong.add(shortName(from) + " -> " + shortName(to)));
            }
        });
        assertThat(wrong).as("dialect packages that import anything but the core, the protocol, internal and themselves")
                .isEmpty();
    }

    @Test
    void onlyVertxInternalsUsesVertxAndNettyInternals() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (SOURCES.relativize(file).equals(INTERNALS_CLASS)) {
                    continue;
                }
                Matcher internal = INTERNALS.matcher(Files.readString(file));
                while (internal.find()) {
                    found.add(SOURCES.relativize(file) + ": " + internal.group());
                }
            }
        }
        assertThat(found).as("Vert.x/Netty implementation classes used outside %s", INTERNALS_CLASS).isEmpty();
        assertThat(SOURCES.resolve(INTERNALS_CLASS)).as("the one class that may use them").exists();
    }

    @Test
    void theLayoutIsThere() {
        assertThat(graph.keySet()).as("the test reads the gateway's sources")
                .contains(CORE + ".intake", CORE + ".room", DIALECT + ".ws", DIALECT + ".sse", PROTOCOL);
    }

    private static List<String> references(Predicate<String> from, Predicate<String> to) {
        List<String> found = new ArrayList<>();
        graph.forEach((source, targets) -> {
            if (from.test(source)) {
                targets.stream().filter(to).forEach(target -> found.add(shortName(source) + " -> " + shortName(target)));
            }
        });
        return found;
    }

    private static boolean within(String pkg, String parent) {
        return pkg.equals(parent) || pkg.startsWith(parent + ".");
    }

    /** {@code dialect.ws} of {@code dialect.ws.anything}; empty outside the dialects. */
    private static String dialectOf(String pkg) {
        if (!within(pkg, DIALECT) || pkg.equals(DIALECT)) {
            return "";
        }
        String rest = pkg.substring(DIALECT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
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
