package dev.stockpulse.deploychecks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization the way `kubectl apply -k` would: with the real kustomize (a `kustomize` binary, or
 * `kubectl kustomize`) when one is on the PATH, otherwise with {@link JavaKustomize}, saying so loudly.
 */
final class Kustomize {

    /** A rendering and what produced it. */
    record Rendering(Path dir, String renderer, List<Map<String, Object>> resources) {

        List<Map<String, Object>> ofKind(String kind) {
            return resources.stream().filter(r -> Yamls.kind(r).equals(kind)).toList();
        }

        Optional<Map<String, Object>> find(String kind, String name) {
            return resources.stream().filter(r -> Yamls.kind(r).equals(kind) && Yamls.name(r).equals(name)).findFirst();
        }
    }

    private static final Map<Path, Rendering> CACHE = new ConcurrentHashMap<>();
    private static volatile boolean warned;

    private Kustomize() {
    }

    /** Every folder under deploy/k8s with a kustomization: the base, each overlay, the Kafka resources. */
    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(Repository.path("deploy/k8s"))) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> overlays() {
        return kustomizations().stream().filter(p -> p.getParent().getFileName().toString().equals("overlays")).toList();
    }

    static Rendering render(Path dir) {
        return CACHE.computeIfAbsent(dir, d -> {
            Optional<List<String>> tool = externalTool(d);
            if (tool.isPresent()) {
                return new Rendering(d, String.join(" ", tool.get().subList(0, 2)), renderWith(tool.get(), d));
            }
            warnOnce();
            return new Rendering(d, "built-in JavaKustomize", JavaKustomize.render(d));
        });
    }

    /** The command that renders {@code dir} with a real kustomize, if one is installed. */
    static Optional<List<String>> externalTool(Path dir) {
        if (onPath("kustomize")) {
            return Optional.of(List.of("kustomize", "build", dir.toString()));
        }
        if (onPath("kubectl")) {
            return Optional.of(List.of("kubectl", "kustomize", dir.toString()));
        }
        return Optional.empty();
    }

    static List<Map<String, Object>> renderWith(List<String> command, Path dir) {
        try {
            Path output = Files.createTempFile("kustomize", ".yaml");
            Path errors = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(output.toFile())
                        .redirectError(errors.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(errors, StandardCharsets.UTF_8));
                }
                return Yamls.loadAll(Files.readString(output, StandardCharsets.UTF_8), String.join(" ", command));
            } finally {
                Files.deleteIfExists(output);
                Files.deleteIfExists(errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        List<String> names = new ArrayList<>(List.of(program));
        names.add(program + ".exe");
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void warnOnce() {
        if (warned) {
            return;
        }
        warned = true;
        System.err.println("""

                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
                !! deploy-checks: neither `kustomize` nor `kubectl` is on the PATH. The Kubernetes manifests are
                !! rendered with the built-in JavaKustomize (resources, strategic-merge patches, namespace, images)
                !! and checked on that; the comparison with the real kustomize is SKIPPED. Install kubectl
                !! (Debian: apt-get install kubernetes-client) to check against the real renderer.
                !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
                """);
    }
}
