package dev.stockpulse.deploychecks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository under test: where the compose file, deploy/ and the service modules are. */
final class Repository {

    /** The deployable services; the folder, artifactId, application name, compose service and `app` label. */
    static final List<String> SERVICES = List.of("inventory-service", "sales-service", "realtime-gateway");

    private static final Path ROOT = locateRoot();

    private Repository() {
    }

    static Path root() {
        return ROOT;
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Set by the module's surefire configuration; otherwise the nearest folder up with the compose file and mvnw. */
    private static Path locateRoot() {
        String configured = System.getProperty("stockpulse.repository.root");
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the StockPulse repository root (a folder with mvnw and"
                + " docker-compose.yml) from " + Path.of("").toAbsolutePath());
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("mvnw")) && Files.isRegularFile(dir.resolve("docker-compose.yml"));
    }
}
