package dev.stockpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/**
 * The client against a hand-written server on a plain socket, so every byte on the wire is the test's choice: the
 * welcome in the same write as the 101, frames split across writes, all three length encodings, a fragmented
 * message, pings, and the close handshake; and the Socket.IO dialect: its connects, Engine.IO pings, a refusal.
 */
class WsClientsTest {

    private static final String PATH = "/ws?channels=stock";
    private static final byte[] WELCOME = "{\"type\":\"welcome\",\"connection_id\":\"c1\"}".getBytes(StandardCharsets.US_ASCII);

    @Test
    void parsesWelcomeSentWithThe101AndEveryFrameShapeThenAnswersTheClose() throws Exception {
        List<ClientFrame> received = new CopyOnWriteArrayList<>();
        String[] request = new String[1];
        byte[] shortEvent = event(20);
        byte[] mediumEvent = event(300);
        byte[] longEvent = event(70_000);
        byte[] fragmented = event(50);
        int split = new String(fragmented, StandardCharsets.US_ASCII).indexOf("\"t") + 5; // inside the digits
        try (ServerSocket server = new ServerSocket(0); WsClients clients = new WsClients(1)) {
            FutureTask<Void> conversation = serve(server, socket -> {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                request[0] = readHead(in);
                out.write(concat(switchingProtocols(), frame(0x81, WELCOME), frame(0x81, shortEvent)));
                out.flush();
                out.write(frame(0x89, "ping!".getBytes(StandardCharsets.US_ASCII)));
                received.add(readClientFrame(in));
                writeInTwoParts(out, frame(0x81, mediumEvent));
                out.write(frame(0x81, longEvent));
                out.write(frame(0x01, slice(fragmented, 0, split)));
                out.write(frame(0x89, new byte[0]));
                out.write(frame(0x80, slice(fragmented, split, fragmented.length)));
                out.write(frame(0x81, "{\"type\":\"heartbeat\"}".getBytes(StandardCharsets.US_ASCII)));
                out.write(frame(0x88, new byte[] {0x03, (byte) 0xE8, 'b', 'y', 'e'}));
                out.flush();
                received.add(readClientFrame(in));
                received.add(readClientFrame(in));
                assertThat(in.read()).as("client closes after echoing the close").isEqualTo(-1);
            });

            int welcomed = clients.connect(server.getLocalPort(), PATH, List.of("tok-1"), 1, 5_000);

            assertThat(welcomed).isEqualTo(1);
            awaitTrue(() -> !clients.closes().isEmpty());
            conversation.get(5, TimeUnit.SECONDS); // rethrows what failed on the server side
            assertThat(request[0]).startsWith("GET " + PATH + " HTTP/1.1\r\n")
                    .contains("Host: localhost:" + server.getLocalPort() + "\r\n", "Upgrade: websocket\r\n",
                            "Connection: Upgrade\r\n", "Sec-WebSocket-Version: 13\r\n",
                            "Authorization: Bearer tok-1\r\n")
                    .containsPattern("Sec-WebSocket-Key: [A-Za-z0-9+/]{22}==\r\n");
            assertThat(clients.frames()).isEqualTo(4);
            assertThat(clients.frameBytes())
                    .isEqualTo(shortEvent.length + mediumEvent.length + longEvent.length + fragmented.length);
            assertThat(clients.otherFrames()).isEqualTo(1);
            assertThat(clients.takeLatencies().getTotalCount()).isEqualTo(4);
            assertThat(clients.lastFrameNanos()).isPositive();
            assertThat(received).extracting(ClientFrame::masked).containsOnly(true);
            assertThat(received).extracting(ClientFrame::opcode).containsExactly(0xA, 0xA, 0x8);
            assertThat(received.get(0).text()).isEqualTo("ping!");
            assertThat(received.get(1).payload()).isEmpty();
            assertThat(received.get(2).payload()).containsExactly(0x03, 0xE8);
            assertThat(clients.closes()).isEqualTo(Map.of(1000, 1));
            assertThat(clients.open()).isZero();
            assertThat(clients.failedConnects()).isZero();
            assertThat(clients.firstFailure()).isNull();
        }
    }

    @Test
    void countsARefusedUpgradeAsFailedConnectWithItsStatusLine() throws Exception {
        try (ServerSocket server = new ServerSocket(0); WsClients clients = new WsClients(1)) {
            FutureTask<Void> conversation = serve(server, socket -> {
                readHead(socket.getInputStream());
                socket.getOutputStream().write(
                        "HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            });

            assertThat(clients.connect(server.getLocalPort(), PATH, List.of("bad"), 1, 5_000)).isZero();
            assertThat(clients.failedConnects()).isEqualTo(1);
            assertThat(clients.firstFailure()).isEqualTo("HTTP/1.1 401 Unauthorized");
            assertThat(clients.closes()).isEmpty();
            conversation.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void countsAConnectionEndedWithoutCloseFrameAsMinusOne() throws Exception {
        try (ServerSocket server = new ServerSocket(0); WsClients clients = new WsClients(1)) {
            FutureTask<Void> conversation = serve(server, socket -> {
                readHead(socket.getInputStream());
                socket.getOutputStream().write(concat(switchingProtocols(), frame(0x81, WELCOME)));
            });

            assertThat(clients.connect(server.getLocalPort(), PATH, List.of("tok"), 1, 5_000)).isEqualTo(1);
            awaitTrue(() -> !clients.closes().isEmpty());
            assertThat(clients.closes()).isEqualTo(Map.of(-1, 1));
            assertThat(clients.open()).isZero();
            assertThat(clients.firstFailure()).contains("without a close frame");
            conversation.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsManyOverSeveralThreadsAndCloseDropsThemAll() throws Exception {
        int n = 30;
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        Socket socket = server.accept();
                        accepted.add(socket);
                        readHead(socket.getInputStream());
                        socket.getOutputStream().write(concat(switchingProtocols(), frame(0x81, WELCOME)));
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                tokens.add("tok-" + i);
            }
            WsClients clients = new WsClients(2);

            assertThat(clients.connect(server.getLocalPort(), PATH, tokens, 4, 10_000)).isEqualTo(n);
            assertThat(clients.open()).isEqualTo(n);
            long t0 = System.nanoTime();
            clients.close();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(3);
            for (Socket socket : accepted) {
                socket.setSoTimeout(3_000);
                assertThat(socket.getInputStream().read()).isEqualTo(-1);
                socket.close();
            }
        }
    }

    @Test
    void speaksSocketIoConnectsWithTheTokenAnswersPingsAndCountsEvents() throws Exception {
        String token = "eyJ" + "x".repeat(300); // longer than 125 bytes: the connect takes the 16-bit length
        List<ClientFrame> received = new CopyOnWriteArrayList<>();
        String[] request = new String[1];
        byte[] alert = concat("42[\"alert\",".getBytes(StandardCharsets.US_ASCII), event(200),
                ",\"0-17\"]".getBytes(StandardCharsets.US_ASCII));
        try (ServerSocket server = new ServerSocket(0); WsClients clients = new WsClients(1, Dialect.SOCKET_IO)) {
            FutureTask<Void> conversation = serve(server, socket -> {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                request[0] = readHead(in);
                out.write(concat(switchingProtocols(), frame(0x81, ascii("0{\"sid\":\"s1\",\"upgrades\":[],"
                        + "\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":65536}"))));
                out.flush();
                received.add(readClientFrame(in));
                out.write(concat(frame(0x81, ascii("40{\"sid\":\"k1\",\"pid\":\"p1\"}")),
                        frame(0x81, ascii("42[\"connection:success\",{\"userId\":\"u\"},\"0-16\"]")),
                        frame(0x81, alert), frame(0x81, ascii("2"))));
                out.flush();
                received.add(readClientFrame(in));
                out.write(frame(0x88, new byte[] {0x03, (byte) 0xE8}));
                out.flush();
                received.add(readClientFrame(in));
            });

            int welcomed = clients.connect(server.getLocalPort(), Dialect.SOCKET_IO.path("stock"), List.of(token), 1,
                    5_000);

            assertThat(welcomed).isEqualTo(1);
            awaitTrue(() -> !clients.closes().isEmpty());
            conversation.get(5, TimeUnit.SECONDS);
            assertThat(request[0]).startsWith("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n");
            assertThat(received).extracting(ClientFrame::masked).containsOnly(true);
            assertThat(received).extracting(ClientFrame::opcode).containsExactly(0x1, 0x1, 0x8);
            assertThat(received.get(0).text()).isEqualTo("40{\"token\":\"" + token + "\"}");
            assertThat(received.get(1).text()).isEqualTo("3");
            assertThat(clients.frames()).isEqualTo(1);
            assertThat(clients.framesByConnection()).containsExactly(1);
            assertThat(clients.frameBytes()).isEqualTo(alert.length);
            assertThat(clients.otherFrames()).as("connection:success; a ping is not a message").isEqualTo(1);
            assertThat(clients.takeLatencies().getTotalCount()).isEqualTo(1);
            assertThat(clients.closes()).isEqualTo(Map.of(1000, 1));
            assertThat(clients.failedConnects()).isZero();
        }
    }

    @Test
    void countsASocketIoConnectErrorAsFailedConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0); WsClients clients = new WsClients(1, Dialect.SOCKET_IO)) {
            FutureTask<Void> conversation = serve(server, socket -> {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                readHead(in);
                out.write(concat(switchingProtocols(), frame(0x81, ascii("0{\"sid\":\"s1\"}"))));
                out.flush();
                readClientFrame(in);
                out.write(frame(0x81, ascii("44{\"message\":\"Invalid token: expired\"}")));
                out.flush();
                assertThat(in.read()).as("the client hangs up").isEqualTo(-1);
            });

            assertThat(clients.connect(server.getLocalPort(), Dialect.SOCKET_IO.path("stock"), List.of("tok"), 1,
                    5_000)).isZero();
            conversation.get(5, TimeUnit.SECONDS);
            assertThat(clients.failedConnects()).isEqualTo(1);
            assertThat(clients.firstFailure()).isEqualTo("connect_error {\"message\":\"Invalid token: expired\"}");
            assertThat(clients.open()).isZero();
            assertThat(clients.closes()).isEmpty();
            assertThat(clients.framesByConnection()).isEmpty();
        }
    }

    @Test
    void readsTheSendTimeAfterTheMarker() {
        byte[] frame = "{\"a\":1,\"product_sku\":\"t1234567\",\"b\":2}".getBytes(StandardCharsets.US_ASCII);

        assertThat(WsClients.sendMicros(frame, 0, frame.length)).isEqualTo(1234567);
        assertThat(WsClients.sendMicros(frame, 0, frame.length - 12)).as("digits cut by the range").isEqualTo(123);
        byte[] none = "{\"product_sku\":\"tx\"}".getBytes(StandardCharsets.US_ASCII);
        assertThat(WsClients.sendMicros(none, 0, none.length)).isEqualTo(-1);
    }

    // -- a blocking test server

    private interface Conversation {
        void run(Socket socket) throws Exception;
    }

    /** Accepts one connection and runs the conversation on a daemon thread; its outcome is the returned future's. */
    private static FutureTask<Void> serve(ServerSocket server, Conversation conversation) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                conversation.run(socket);
            }
            return null;
        });
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        return task;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] switchingProtocols() {
        return ("HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n"
                + "sec-websocket-accept: irrelevant=\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** An unmasked server frame with the shortest length encoding, as a server writes it. */
    private static byte[] frame(int firstByte, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        if (payload.length < 126) {
            out.write(payload.length);
        } else if (payload.length < 65_536) {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) payload.length >>> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** So that the client sees the frame's header and payload in different reads. */
    private static void writeInTwoParts(OutputStream out, byte[] bytes) throws Exception {
        out.write(slice(bytes, 0, bytes.length / 2));
        out.flush();
        Thread.sleep(50);
        out.write(slice(bytes, bytes.length / 2, bytes.length));
        out.flush();
    }

    private record ClientFrame(int opcode, boolean masked, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.US_ASCII);
        }
    }

    private static ClientFrame readClientFrame(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int length = b1 & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort(); // the client sends nothing longer
        }
        byte[] mask = new byte[4];
        boolean masked = (b1 & 0x80) != 0;
        if (masked) {
            in.readFully(mask);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        for (int i = 0; i < length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new ClientFrame(b0 & 0x0F, masked, payload);
    }

    /** An event payload of at least {@code size} bytes carrying a send time a millisecond ago. */
    private static byte[] event(int size) {
        String head = "{\"type\":\"inventory.low_stock\",\"data\":{\"product_sku\":\"t" + (BenchClock.micros() - 1_000)
                + "\",\"pad\":\"";
        String padding = "x".repeat(Math.max(0, size - head.length() - 3));
        return (head + padding + "\"}}").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition within 5 s").isTrue();
    }
}
