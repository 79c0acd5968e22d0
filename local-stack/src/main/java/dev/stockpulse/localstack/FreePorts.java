package dev.stockpulse.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on the loopback interface that nothing listens on right now.
 *
 * <p>A port found here is free when it is found, not when it is bound: whoever binds it later can lose it in
 * between. The port is therefore drawn from below the kernel's ephemeral range, which the kernel hands to every
 * outgoing connection and every {@code bind(0)} on the machine, and a test run opens thousands of client
 * connections (a CI run stopped when the embedded broker could not bind the port found for it a moment before).
 * Below that range only another explicit choice can collide, and {@link EmbeddedInfrastructure} then starts its
 * server again on a fresh port.
 */
public final class FreePorts {

    static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    public static int find() {
        int below = ephemeralLow();
        if (below - LOWEST >= 1_000) {
            for (int i = 0; i < ATTEMPTS; i++) {
                int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (isFree(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on the loopback interface", e);
        }
    }

    /** The preferred port when it is free, otherwise any free one. */
    public static int preferred(int port) {
        return isFree(port) ? port : find();
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (Linux); 0 where it cannot be read, which skips the draw. */
    static int ephemeralLow() {
        try {
            // readAllLines, not readString: /proc reports a size of 0, and readString then returns one byte.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
