package dev.stockpulse.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the bench's WebSocket clients say over their connection: the gateway's native {@code /ws}, Socket.IO at
 * {@code /socket.io/} (Engine.IO v4, Socket.IO v5, WebSocket from the start as {@code transports: ["websocket"]}
 * connects), or the seeds' own streams (000's {@code /stream/ws}, 004's {@code /ws/inventory}). Each reads one whole text message at a time: it tells the connection when it is welcomed, which messages
 * are events, and answers what the protocol asks of a client. The transport, counting and latency are
 * {@link WsClients}', the same for all, so the dialects' figures differ only by what the gateway does for each.
 */
enum Dialect {

    /** {@code /ws?channels=…}: a {@code welcome} frame, then one event frame per event. */
    WS("ws") {
        @Override
        String path(String channel) {
            return "/ws?channels=" + channel;
        }

        @Override
        void onText(Client client, byte[] bytes, int offset, int length) {
            if (!client.welcomed() && startsWith(bytes, offset, length, WS_WELCOME)) {
                client.welcome();
            } else {
                client.event(bytes, offset, length);
            }
        }
    },

    /**
     * {@code /socket.io/}: Engine.IO's open packet {@code 0{…}}, answered with a connect to the main namespace
     * carrying the token ({@code 40{"token":…}}, as {@code io(url, {auth: {token}})} sends it); {@code 40{…}}
     * welcomes, {@code 44} refuses; events are {@code 42["name",payload,"offset"]}. The server's Engine.IO pings
     * ({@code 2}) are answered with pongs ({@code 3}), or the gateway closes the connection. Every channel is the
     * client's: Socket.IO has no channel parameter.
     */
    SOCKET_IO("socketio") {
        @Override
        String path(String channel) {
            return "/socket.io/?EIO=4&transport=websocket";
        }

        @Override
        void onText(Client client, byte[] bytes, int offset, int length) {
            char engineType = length > 0 ? (char) bytes[offset] : ' ';
            char socketType = length > 1 ? (char) bytes[offset + 1] : ' ';
            switch (engineType) {
                case '0' -> client.reply("40{\"token\":\"" + client.token() + "\"}");
                case '2' -> client.reply("3" + new String(bytes, offset + 1, length - 1, StandardCharsets.UTF_8));
                case '4' -> {
                    switch (socketType) {
                        case '0' -> client.welcome();
                        case '2' -> client.event(bytes, offset, length);
                        case '4' -> client.refuse("connect_error "
                                + new String(bytes, offset + 2, length - 2, StandardCharsets.UTF_8));
                        default -> client.other();
                    }
                }
                default -> client.other();
            }
        }
    },

    /**
     * Seed 000's {@code /stream/ws?channels=…}: the {@code welcome} frame, then events as {@code {"type":"event",…}}
     * under the smart-inventory names; its {@code {"type":"ping"}} frames are answered with {@code {"action":"pong"}}.
     */
    SMART_INVENTORY("smart-inventory") {
        @Override
        String path(String channel) {
            return "/stream/ws?channels=" + channel;
        }

        @Override
        void onText(Client client, byte[] bytes, int offset, int length) {
            if (!client.welcomed() && startsWith(bytes, offset, length, WS_WELCOME)) {
                client.welcome();
            } else if (startsWith(bytes, offset, length, JSON_EVENT)) {
                client.event(bytes, offset, length);
            } else if (startsWith(bytes, offset, length, JSON_PING)) {
                client.reply("{\"action\":\"pong\"}");
            } else {
                client.other();
            }
        }
    },

    /** Seed 004's {@code /ws/inventory}: the {@code welcome} frame, then {@code low_stock_alert} messages. */
    INVENTORY_SOCKET("inventory-socket") {
        @Override
        String path(String channel) {
            return "/ws/inventory";
        }

        @Override
        void onText(Client client, byte[] bytes, int offset, int length) {
            if (!client.welcomed() && startsWith(bytes, offset, length, WS_WELCOME)) {
                client.welcome();
            } else if (startsWith(bytes, offset, length, LOW_STOCK_ALERT)) {
                client.event(bytes, offset, length);
            } else {
                client.other();
            }
        }
    };

    /** What a dialect may do with the connection it reads for. */
    interface Client {

        /** The token this connection authenticates with. */
        String token();

        boolean welcomed();

        /** The server accepted the connection: it now receives events. */
        void welcome();

        /** An event message: counted, its latency recorded when it carries a send time. */
        void event(byte[] bytes, int offset, int length);

        /** A message that is neither a welcome nor an event. */
        void other();

        /** Sends a text message to the server. */
        void reply(String text);

        /** The server refused the connection after the upgrade: it counts as a failed connect. */
        void refuse(String reason);
    }

    private static final byte[] WS_WELCOME = "{\"type\":\"welcome\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_EVENT = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON_PING = "{\"type\":\"ping\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOW_STOCK_ALERT = "{\"type\":\"low_stock_alert\"".getBytes(StandardCharsets.US_ASCII);

    private final String option;

    Dialect(String option) {
        this.option = option;
    }

    /** The path to connect to for events of {@code channel}. */
    abstract String path(String channel);

    /** One whole text message from the server. */
    abstract void onText(Client client, byte[] bytes, int offset, int length);

    /** Its value of {@code --dialect}. */
    String option() {
        return option;
    }

    /** @throws IllegalArgumentException naming the dialects there are */
    static Dialect ofOption(String value) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(d -> d.option.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--dialect is ws, socketio, smart-inventory or inventory-socket, got '" + value + "'"));
    }

    static boolean startsWith(byte[] bytes, int offset, int length, byte[] prefix) {
        return length >= prefix.length
                && Arrays.equals(bytes, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
