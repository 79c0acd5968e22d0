package dev.stockpulse.gateway.dialect.socketio;

import java.nio.charset.StandardCharsets;

/**
 * The two layers of Socket.IO's wire format, as text: Engine.IO v4 packets (one type digit, then data; several in one
 * HTTP body are separated by U+001E) and, inside Engine.IO's {@code 4} (message), Socket.IO v5 packets
 * ({@code <type>[<namespace>,][<ack id>][<JSON>]}). Binary attachments are not part of this dialect: every StockPulse
 * payload is JSON. Pure: no state, no I/O.
 */
final class SocketIoPackets {

    /** Between the packets of one HTTP long-polling body. */
    static final char SEPARATOR = '\u001e';

    static final char OPEN = '0';
    static final char CLOSE = '1';
    static final char PING = '2';
    static final char PONG = '3';
    static final char MESSAGE = '4';
    static final char UPGRADE = '5';
    static final char NOOP = '6';

    static final int CONNECT = 0;
    static final int DISCONNECT = 1;
    static final int EVENT = 2;
    static final int ACK = 3;
    static final int CONNECT_ERROR = 4;
    static final int BINARY_EVENT = 5;
    static final int BINARY_ACK = 6;

    /** The default namespace, the only one served. */
    static final String MAIN_NAMESPACE = "/";

    private SocketIoPackets() {
    }

    /**
     * A Socket.IO packet as received.
     *
     * @param ackId the id the client waits an acknowledgement for, or -1
     * @param json  the payload (an object for CONNECT, an array for EVENT), or null
     */
    record Packet(int type, String namespace, long ackId, String json) {
    }

    /**
     * Reads a Socket.IO packet (what follows Engine.IO's {@code 4}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Packet parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty packet");
        }
        int type = text.charAt(0) - '0';
        if (type < CONNECT || type > BINARY_ACK) {
            throw new IllegalArgumentException("unknown packet type '" + text.charAt(0) + "'");
        }
        if (type == BINARY_EVENT || type == BINARY_ACK) {
            throw new IllegalArgumentException("binary packets are not accepted: every payload is JSON");
        }
        int i = 1;
        String namespace = MAIN_NAMESPACE;
        if (i < text.length() && text.charAt(i) == '/') {
            int comma = text.indexOf(',', i);
            namespace = comma < 0 ? text.substring(i) : text.substring(i, comma);
            i = comma < 0 ? text.length() : comma + 1;
        }
        long ackId = -1;
        int digits = i;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && i - digits < 15) {
            i++;
        }
        if (i > digits) {
            ackId = Long.parseLong(text, digits, i, 10);
        }
        String json = i < text.length() ? text.substring(i) : null;
        return new Packet(type, namespace, ackId, json);
    }

    /** Engine.IO's open packet: the session, the transports it may upgrade to, the heartbeat and the size limit. */
    static String open(String sid, boolean canUpgrade, long pingIntervalMillis, long pingTimeoutMillis,
            int maxPayload) {
        return OPEN + "{\"sid\":\"" + sid + "\",\"upgrades\":" + (canUpgrade ? "[\"websocket\"]" : "[]")
                + ",\"pingInterval\":" + pingIntervalMillis + ",\"pingTimeout\":" + pingTimeoutMillis
                + ",\"maxPayload\":" + maxPayload + "}";
    }

    /** {@code 40{"sid":…,"pid":…}}: connected to the main namespace; the pid names what the client can recover. */
    static String connected(String socketId, String pid) {
        return "" + MESSAGE + CONNECT + "{\"sid\":\"" + socketId + "\",\"pid\":\"" + pid + "\"}";
    }

    /** {@code 44{"message":…}}: the client's {@code connect_error}, with the reason as its message. */
    static String connectError(String namespace, String messageJson) {
        return "" + MESSAGE + CONNECT_ERROR + namespacePrefix(namespace) + "{\"message\":" + messageJson + "}";
    }

    /** {@code 41}: the server ends the client's connection to the namespace; the client does not reconnect. */
    static String disconnect() {
        return "" + MESSAGE + DISCONNECT;
    }

    /** {@code 42["name",…]}: an event; {@code arguments} is the JSON of its arguments, comma separated. */
    static byte[] event(String nameJson, String arguments) {
        return ("" + MESSAGE + EVENT + "[" + nameJson + "," + arguments + "]").getBytes(StandardCharsets.UTF_8);
    }

    /** {@code 43<id>[…]}: the acknowledgement of the client's event {@code ackId}. */
    static String ack(long ackId, String argumentJson) {
        return "" + MESSAGE + ACK + ackId + "[" + argumentJson + "]";
    }

    private static String namespacePrefix(String namespace) {
        return MAIN_NAMESPACE.equals(namespace) ? "" : namespace + ",";
    }
}
