package dev.stockpulse.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The least a server can do to deliver the gateway benchmark's frames: a plain {@code java.nio} WebSocket server with
 * no Kafka, no routing, no authentication, no recovery and no framework. It makes its own events (the same size and
 * send-time marker as the bench's), encodes each once, and writes the same bytes to every connection, {@code k} events
 * to a write. Its CPU per delivery is the floor under the gateway's on the same machine with the same clients: what the
 * kernel's TCP path and the JVM's socket writes cost, and nothing else. {@link WriteFloorBench} starts it as its own
 * process and measures it; it depends on nothing but the JDK, so its class directory is its whole classpath.
 *
 * <p>Its send times come from its own {@link BenchClock}, which starts from the wall clock like the bench's, so its
 * latencies may be off by the millisecond the two clocks can differ; the CPU figure is what it is for.
 *
 * <p>Arguments: {@code port loops rate eventsPerWrite frameBytes gather}; {@code gather} true keeps each event in its
 * own buffer and writes a connection's events with one gathering write ({@code writev}), as Netty writes the frames
 * queued on a channel, false copies them into one buffer first. It writes {@code listening <port>} on standard
 * output once it accepts connections, starts sending when its standard input says {@code go}, and exits when its
 * standard input closes.
 */
public final class FloorServer {

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final String WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Loop[] loops;
    private final double rate;
    private final int eventsPerWrite;
    private final int frameBytes;
    private final boolean gather;
    private volatile boolean sending;

    private FloorServer(int loopCount, double rate, int eventsPerWrite, int frameBytes, boolean gather)
            throws IOException {
        this.loops = new Loop[loopCount];
        for (int i = 0; i < loopCount; i++) {
            loops[i] = new Loop("floor-loop-" + i);
        }
        this.rate = rate;
        this.eventsPerWrite = eventsPerWrite;
        this.frameBytes = frameBytes;
        this.gather = gather;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: FloorServer port loops rate eventsPerWrite frameBytes gather");
            System.exit(2);
        }
        FloorServer server = new FloorServer(Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Boolean.parseBoolean(args[5]));
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("localhost", Integer.parseInt(args[0])), 4096);
        Thread acceptor = new Thread(() -> server.accept(listener), "floor-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        Thread events = new Thread(server::produce, "floor-events");
        events.setDaemon(true);
        events.start();
        System.out.println("listening " + args[0]);
        System.out.flush();
        BufferedReader control = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = control.readLine()) != null) {
            if (line.strip().equals("go")) {
                server.sending = true;
            }
        }
        System.exit(0);
    }

    private void accept(ServerSocketChannel listener) {
        int next = 0;
        while (true) {
            try {
                SocketChannel channel = listener.accept();
                channel.configureBlocking(false);
                loops[next++ % loops.length].adopt(channel);
            } catch (IOException e) {
                System.err.println("accept failed: " + e);
                return;
            }
        }
    }

    /** Makes events at the rate; every {@code eventsPerWrite} of them go to every loop as one shared buffer. */
    private void produce() {
        long start = System.nanoTime();
        long sequence = 0;
        double intervalNanos = 1e9 / rate;
        ByteBuffer[] batch = new ByteBuffer[gather ? eventsPerWrite : 1];
        int inBatch = 0;
        while (true) {
            long due = start + (long) (sequence * intervalNanos);
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            sequence++;
            if (!sending) {
                continue;
            }
            byte[] frame = frame(BenchClock.micros(), sequence);
            if (gather) {
                batch[inBatch] = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
            } else {
                if (batch[0] == null) {
                    batch[0] = ByteBuffer.allocateDirect(frame.length * eventsPerWrite);
                }
                batch[0].put(frame);
            }
            if (++inBatch == eventsPerWrite) {
                if (!gather) {
                    batch[0].flip();
                }
                for (Loop loop : loops) {
                    loop.send(batch);
                }
                batch = new ByteBuffer[gather ? eventsPerWrite : 1];
                inBatch = 0;
            }
        }
    }

    /** One unmasked text frame of {@code frameBytes} in all, with the bench's send-time marker in its JSON. */
    private byte[] frame(long sentMicros, long sequence) {
        String head = "{\"type\":\"event\",\"channel\":\"stock\",\"position\":\"floor-" + sequence
                + "\",\"data\":{\"product_sku\":\"t" + sentMicros + "\",\"pad\":\"";
        String tail = "\"}}";
        int payloadLength = Math.max(head.length() + tail.length(), frameBytes - 4);
        String json = head + "x".repeat(payloadLength - head.length() - tail.length()) + tail;
        return webSocketTextFrame(json.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] webSocketTextFrame(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : 4;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("frames up to 64 KiB only");
        }
        byte[] frame = new byte[header + length];
        frame[0] = (byte) 0x81;
        if (length < 126) {
            frame[1] = (byte) length;
        } else {
            frame[1] = 126;
            frame[2] = (byte) (length >>> 8);
            frame[3] = (byte) length;
        }
        System.arraycopy(payload, 0, frame, header, length);
        return frame;
    }

    /** One selector thread and the connections it owns; all their I/O runs on it. */
    private static final class Loop implements Runnable {
        private final Selector selector;
        private final Queue<SocketChannel> adopted = new ConcurrentLinkedQueue<>();
        private final Queue<ByteBuffer[]> outgoing = new ConcurrentLinkedQueue<>();
        private final List<Connection> open = new ArrayList<>();

        Loop(String name) throws IOException {
            this.selector = Selector.open();
            Thread thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void adopt(SocketChannel channel) {
            adopted.add(channel);
            selector.wakeup();
        }

        /** {@code frames}: one buffer per write, or one per event for a gathering write; never written to here. */
        void send(ByteBuffer[] frames) {
            outgoing.add(frames);
            selector.wakeup();
        }

        @Override
        public void run() {
            while (true) {
                try {
                    selector.select(key -> ((Connection) key.attachment()).ready(key));
                    SocketChannel channel;
                    while ((channel = adopted.poll()) != null) {
                        Connection connection = new Connection(channel);
                        connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                    }
                    ByteBuffer[] frames;
                    while ((frames = outgoing.poll()) != null) {
                        // backwards: a connection whose write fails removes itself from the list
                        for (int i = open.size() - 1; i >= 0; i--) {
                            open.get(i).write(views(frames));
                        }
                    }
                } catch (IOException e) {
                    System.err.println("selector failed: " + e);
                    return;
                }
            }
        }

        /** A client: its handshake, then whatever it is sent; what it sends after the handshake is read and dropped. */
        private final class Connection {
            final SocketChannel channel;
            SelectionKey key;
            ByteBuffer in = ByteBuffer.allocate(4096);
            boolean upgraded;
            final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();

            Connection(SocketChannel channel) {
                this.channel = channel;
            }

            void ready(SelectionKey readyKey) {
                try {
                    if (readyKey.isValid() && readyKey.isWritable()) {
                        flushBacklog();
                    }
                    if (readyKey.isValid() && readyKey.isReadable()) {
                        read();
                    }
                } catch (IOException | RuntimeException e) {
                    close();
                }
            }

            void read() throws IOException {
                if (channel.read(in) < 0) {
                    close();
                    return;
                }
                if (upgraded) {
                    in.clear();
                    return;
                }
                int end = indexOf(in, HEADER_END);
                if (end < 0) {
                    if (!in.hasRemaining()) {
                        close();
                    }
                    return;
                }
                String request = new String(in.array(), 0, end, StandardCharsets.US_ASCII);
                in = ByteBuffer.allocate(256);
                String key = null;
                for (String line : request.split("\r\n")) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                        key = line.substring(colon + 1).trim();
                    }
                }
                if (key == null) {
                    close();
                    return;
                }
                String answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
                byte[] head = answer.getBytes(StandardCharsets.US_ASCII);
                byte[] welcome = webSocketTextFrame("{\"type\":\"welcome\"}".getBytes(StandardCharsets.US_ASCII));
                ByteBuffer out = ByteBuffer.allocate(head.length + welcome.length).put(head).put(welcome).flip();
                upgraded = true;
                open.add(this);
                write(out);
            }

            /** One write syscall: {@code write} for one buffer, a gathering {@code writev} for several. */
            void write(ByteBuffer... frames) {
                if (!backlog.isEmpty()) {
                    backlog.addAll(List.of(frames));
                    return;
                }
                try {
                    if (frames.length == 1) {
                        channel.write(frames[0]);
                    } else {
                        channel.write(frames);
                    }
                } catch (IOException e) {
                    close();
                    return;
                }
                for (ByteBuffer frame : frames) {
                    if (frame.hasRemaining()) {
                        backlog.add(frame);
                    }
                }
                if (!backlog.isEmpty()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            }

            void flushBacklog() throws IOException {
                ByteBuffer head;
                while ((head = backlog.peek()) != null) {
                    channel.write(head);
                    if (head.hasRemaining()) {
                        return;
                    }
                    backlog.poll();
                }
                key.interestOps(SelectionKey.OP_READ);
            }

            void close() {
                open.remove(this);
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** Each connection writes its own views of the shared buffers: own positions, same memory. */
    private static ByteBuffer[] views(ByteBuffer[] frames) {
        ByteBuffer[] views = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            views[i] = frames[i].duplicate();
        }
        return views;
    }

    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        byte[] bytes = buffer.array();
        for (int i = 0; i + needle.length <= buffer.position(); i++) {
            int j = 0;
            while (j < needle.length && bytes[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WS_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
