package dev.stockpulse.gateway.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** One unmasked frame from the server, read by the hand-made test clients that control their own socket. */
record ServerFrame(int opcode, byte[] payload) {

    static final int TEXT = 0x1;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;

    /** @throws EOFException at the end of the stream */
    static ServerFrame read(DataInputStream in) throws IOException {
        int opcode = in.readUnsignedByte() & 0x0F;
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        return new ServerFrame(opcode, in.readNBytes((int) length));
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's code; 1005 when it carries none. */
    int closeCode() {
        return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }
}
