package dev.stockpulse.gateway.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.vertx.core.json.JsonObject;

/**
 * A client that reads, but slowly: at most {@code chunkBytes} per read of its socket, with a pause before each read,
 * on a thread of its own, through the same small receive buffer as {@link SilentWsClient}. Its socket is full most
 * of the time a burst is sent to it, yet it takes everything in the end, as a phone on a weak network or a Node
 * client on a busy machine does. It answers pings (a client that reads does), so only slowness can close it.
 */
public final class SlowReaderWsClient implements AutoCloseable {

    private final Socket socket;
    private final Thread reader;
    private final Set<String> eventIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger events = new AtomicInteger();
    private volatile boolean welcomed;
    /** 0 while open; the server's close code, or -1 when the connection ended without one. */
    private volatile int closeCode;

    private SlowReaderWsClient(Socket socket, int chunkBytes, Duration pause) throws IOException {
        this.socket = socket;
        InputStream raw = socket.getInputStream();
        // Frames are parsed from a chunk read at once; a pause per frame instead would make it far slower than meant.
        InputStream slow = new InputStream() {
            private final byte[] chunk = new byte[chunkBytes];
            private int position;
            private int end;

            @Override
            public int read() throws IOException {
                return fill() ? chunk[position++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (!fill()) {
                    return -1;
                }
                int count = Math.min(length, end - position);
                System.arraycopy(chunk, position, buffer, offset, count);
                position += count;
                return count;
            }

            private boolean fill() throws IOException {
                if (position < end) {
                    return true;
                }
                LockSupport.parkNanos(pause.toNanos());
                int count = raw.read(chunk, 0, chunk.length);
                position = 0;
                end = Math.max(count, 0);
                return count > 0;
            }
        };
        DataInputStream in = new DataInputStream(slow);
        this.reader = new Thread(() -> readAll(in), "slow-reader-ws-client");
        reader.setDaemon(true);
        reader.start();
    }

    public static SlowReaderWsClient connect(URI base, String pathAndQuery, String bearerToken, int chunkBytes,
            Duration pause) {
        try {
            Socket socket = SilentWsClient.handshake(base, pathAndQuery, bearerToken);
            socket.setSoTimeout(0);
            return new SlowReaderWsClient(socket, chunkBytes, pause);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean welcomed() {
        return welcomed;
    }

    /** How many event frames arrived. */
    public int eventCount() {
        return events.get();
    }

    public Set<String> eventIds() {
        return Set.copyOf(eventIds);
    }

    /** 0 while the connection is open. */
    public int closeCode() {
        return closeCode;
    }

    private void readAll(DataInputStream in) {
        try {
            while (closeCode == 0) {
                ServerFrame frame = ServerFrame.read(in);
                if (frame.opcode() == ServerFrame.TEXT) {
                    JsonObject text = new JsonObject(frame.text());
                    if ("welcome".equals(text.getString("type"))) {
                        welcomed = true;
                    } else if ("event".equals(text.getString("type"))) {
                        eventIds.add(text.getString("event_id"));
                        events.incrementAndGet();
                    }
                } else if (frame.opcode() == ServerFrame.PING) {
                    pong(frame.payload());
                } else if (frame.opcode() == ServerFrame.CLOSE) {
                    closeCode = frame.closeCode();
                }
            }
        } catch (EOFException e) {
            closeCode = -1;
        } catch (IOException e) {
            if (closeCode == 0) {
                closeCode = -1;
            }
        }
    }

    /** A client's frame must be masked; a zero mask leaves the payload as it is. */
    private void pong(byte[] payload) throws IOException {
        OutputStream out = socket.getOutputStream();
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x8A;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, frame, 6, payload.length);
        out.write(frame);
        out.flush();
    }

    @Override
    public void close() {
        closeCode = closeCode == 0 ? 1000 : closeCode;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
