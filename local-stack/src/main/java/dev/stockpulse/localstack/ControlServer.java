package dev.stockpulse.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The running launcher's controls, for {@code ./run-local.sh ctl …}: one command a connection, one line in, the
 * answer out, on a loopback port written to {@code .local-stack/control.port}. Only this machine can reach it.
 */
final class ControlServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Path portFile;
    private final Function<String, String> commands;

    private ControlServer(ServerSocket socket, Path portFile, Function<String, String> commands) {
        this.socket = socket;
        this.portFile = portFile;
        this.commands = commands;
    }

    /** @param commands answers a command line; an answer starting with {@code error:} makes {@code ctl} exit 1 */
    static ControlServer start(Path portFile, Function<String, String> commands) {
        try {
            ServerSocket socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            ControlServer server = new ControlServer(socket, portFile, commands);
            Files.createDirectories(portFile.getParent());
            Files.writeString(portFile, Integer.toString(socket.getLocalPort()));
            Thread thread = new Thread(server::serve, "local-stack-control");
            thread.setDaemon(true);
            thread.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the control port", e);
        }
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                            StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                String line = in.readLine();
                String answer;
                try {
                    answer = line == null ? "error: no command" : commands.apply(line.strip());
                } catch (RuntimeException e) {
                    answer = "error: " + e.getMessage();
                }
                out.println(answer);
            } catch (IOException e) {
                // Either close() ended the loop, or one client went away mid-answer and the next one is served.
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
