package dev.stockpulse.gateway.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client that completes the handshake by hand and then does nothing at all: it neither reads nor
 * answers pings, as a browser tab frozen by the OS or a dead NAT mapping would. Library clients cannot play this,
 * they always answer pings. Its TCP receive buffer is small and fixed: Linux would otherwise grow it up to tcp_rmem's
 * maximum and absorb megabytes for a client that stopped reading, so the server notices a frozen client soon.
 * {@link #readCloseCode()} later reads what piled up, up to the server's close frame.
 */
public final class SilentWsClient implements AutoCloseable {

    static final int RECEIVE_BUFFER = 16 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final List<String> texts = new ArrayList<>();

    private SilentWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    public static SilentWsClient connect(URI base, String pathAndQuery, String bearerToken) {
        try {
            return new SilentWsClient(handshake(base, pathAndQuery, bearerToken));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a socket with the small receive buffer, sends the upgrade by hand and reads the answer's headers, without
     * reading a byte past them.
     *
     * @return the socket, upgraded
     */
    static Socket handshake(URI base, String pathAndQuery, String bearerToken) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(RECEIVE_BUFFER);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 20_000);
        socket.setSoTimeout(20_000);
        String key = Base64.getEncoder().encodeToString("silent-client-key".getBytes(StandardCharsets.US_ASCII));
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + bearerToken + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readStatusAndHeaders(socket.getInputStream());
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IllegalStateException("Upgrade refused: " + status);
        }
        return socket;
    }

    /** Reads up to the next text frame (the welcome frame, once connected) and returns it. */
    public String readText() {
        try {
            int before = texts.size();
            while (texts.size() == before) {
                if (readFrame() != null) {
                    throw new IllegalStateException("The server closed the connection before sending a text frame");
                }
            }
            return texts.get(before);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads frames until the server's close frame and returns its code; -1 if the connection ends without one. */
    public int readCloseCode() {
        try {
            Integer code;
            do {
                code = readFrame();
            } while (code == null);
            return code;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Every text frame read so far. */
    public List<String> texts() {
        return List.copyOf(texts);
    }

    /** Reads one frame: the close code if it is a close frame (-1 at the end of the stream), else null. */
    private Integer readFrame() throws IOException {
        ServerFrame frame;
        try {
            frame = ServerFrame.read(in);
        } catch (EOFException e) {
            return -1;
        }
        if (frame.opcode() == ServerFrame.CLOSE) {
            return frame.closeCode();
        }
        if (frame.opcode() == ServerFrame.TEXT) {
            texts.add(frame.text());
        }
        return null;
    }

    private static String readStatusAndHeaders(InputStream raw) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString().lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
