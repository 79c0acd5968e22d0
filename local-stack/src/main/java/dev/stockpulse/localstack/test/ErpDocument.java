package dev.stockpulse.localstack.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Seed 001's (the ERP document's) own example event, as the document writes it: event-schemas' sample of it, read from
 * the repository so that every module's tests send the one copy the contract is checked against.
 */
public final class ErpDocument {

    static final Path SAMPLE = Path.of("event-schemas", "src", "test", "resources", "events", "erp-document",
            "inventory.low_stock.json");

    private ErpDocument() {
    }

    /** Its low-stock event ({@code "event_id": "evt-123456"}, tenant {@code tenant-1}, product {@code PRD-123}). */
    public static String lowStock() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(SAMPLE))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No " + SAMPLE + " in " + Path.of("").toAbsolutePath()
                    + " or above: the tests run inside the StockPulse repository");
        }
        try {
            return Files.readString(dir.resolve(SAMPLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
