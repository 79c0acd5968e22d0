package dev.stockpulse.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N real WebSocket clients, each with its own user's token, speaking one {@link Dialect}. Every event frame is counted
 * (per connection too) and its end-to-end latency (receive time minus the send time the producer put into the payload)
 * recorded; the frames are not decoded at all, only scanned byte by byte for the send time, so the clients cost as
 * little CPU as possible on a machine they share with the gateway.
 * <p>
 * A minimal RFC 6455 client on plain {@code java.nio}: a few selector threads, each owning its connections, reading
 * straight into one byte buffer per connection. Not the JDK's {@code java.net.http.WebSocket}: it decodes every frame
 * into a String and hands it through several layers, more than a core at 80,000 frames/s. Not Vert.x's client: it
 * drops a frame read in the same network read as the 101 answer, which is where the welcome frame often arrives when
 * many clients connect at once; here the bytes after the answer's head are parsed as the first frames.
 */
final class WsClients implements AutoCloseable {

    private static final byte[] MARKER = EventLoad.MARKER;
    /** Latencies up to 10 minutes, in microseconds, 3 significant digits. */
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);
    /** Holds many event frames; a bigger frame grows its connection's buffer. */
    private static final int READ_BUFFER_BYTES = 8 * 1024;
    /** A 101 answer is a few hundred bytes; anything this long is not one. */
    private static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
    /** Guards against a corrupt length field making us allocate gigabytes. */
    private static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    private static final int CLOSED_WITHOUT_CLOSE_FRAME = -1;
    private static final int NO_STATUS_CODE = 1005;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;

    /**
     * Where an event frame's send time is read from: the producer's marker by default; {@link EndToEndBench} looks it
     * up by what the frame says.
     */
    interface SendTimes {
        /** The send time in {@link BenchClock} microseconds of the event in {@code bytes[from, to)}, or -1. */
        long of(byte[] bytes, int from, int to);
    }

    private final Dialect dialect;
    private final SendTimes sendTimes;
    private final SelectorLoop[] loops;
    /** Every connection, in the order it was started; only appended to. */
    private final Queue<Connection> connections = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);
    private final LongAdder frames = new LongAdder();
    private final LongAdder otherFrames = new LongAdder();
    private final LongAdder frameBytes = new LongAdder();
    private final LongAccumulator lastFrameNanos = new LongAccumulator(Math::max, 0);
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger failedConnects = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Integer, AtomicInteger> closesByCode = new ConcurrentHashMap<>();
    private volatile String firstFailure;

    /** Clients of the gateway's native dialect, {@code /ws}. */
    WsClients(int selectorThreads) {
        this(selectorThreads, Dialect.WS);
    }

    WsClients(int selectorThreads, Dialect dialect) {
        this(selectorThreads, dialect, WsClients::sendMicros);
    }

    WsClients(int selectorThreads, Dialect dialect, SendTimes sendTimes) {
        this.dialect = dialect;
        this.sendTimes = sendTimes;
        this.loops = new SelectorLoop[Math.max(1, selectorThreads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new SelectorLoop("ws-clients-" + i);
        }
    }

    /**
     * Sees the connections of one {@link #connect} call start and every text message they receive, each connection
     * named by its index in that call's tokens. Called on the clients' selector threads.
     */
    interface Tap {
        /** Connection {@code index} is about to connect ({@code System.nanoTime()}). */
        void started(int index, long nanos);

        /** A whole text message of connection {@code index}, read at {@code readNanos}, before its dialect sees it. */
        void message(int index, byte[] bytes, int offset, int length, long readNanos);
    }

    private static final Tap NO_TAP = new Tap() {
        @Override
        public void started(int index, long nanos) {
        }

        @Override
        public void message(int index, byte[] bytes, int offset, int length, long readNanos) {
        }
    };

    /**
     * Opens one connection per token, at most {@code concurrency} handshakes at a time, and waits until every
     * connection has been welcomed, failed to connect or been closed. A handshake lasts until the welcome: with
     * Socket.IO it is the upgrade and Engine.IO's and Socket.IO's own connects.
     *
     * @return connections welcomed so far (by this and earlier calls)
     */
    int connect(int port, String path, List<String> tokens, int concurrency, long timeoutMillis)
            throws InterruptedException {
        return connect(port, Collections.nCopies(tokens.size(), path), tokens, concurrency, timeoutMillis,
                NO_TAP);
    }

    /** As {@link #connect(int, String, List, int, long)}, each connection with its own path, seen by {@code tap}. */
    int connect(int port, List<String> paths, List<String> tokens, int concurrency, long timeoutMillis, Tap tap)
            throws InterruptedException {
        Batch batch = new Batch(new InetSocketAddress("localhost", port), paths, tokens, tap);
        for (int i = 0; i < Math.min(concurrency, tokens.size()); i++) {
            batch.startNext();
        }
        if (!batch.done.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            System.out.printf("  (only %d of %d clients welcomed within %d s)%n", welcomed.get(), tokens.size(),
                    timeoutMillis / 1000);
        }
        return welcomed.get();
    }

    /** The connections of one {@link #connect} call: whoever finishes a handshake starts the next one. */
    private final class Batch {
        final InetSocketAddress address;
        final List<String> paths;
        final List<String> tokens;
        final Tap tap;
        final AtomicInteger next = new AtomicInteger();
        /** Counted down once per token: welcomed, failed to connect, or closed before its welcome. */
        final CountDownLatch done;

        Batch(InetSocketAddress address, List<String> paths, List<String> tokens, Tap tap) {
            this.address = address;
            this.paths = paths;
            this.tokens = tokens;
            this.tap = tap;
            this.done = new CountDownLatch(tokens.size());
        }

        void startNext() {
            int i = next.getAndIncrement();
            if (i < tokens.size()) {
                Connection connection = new Connection(this, i);
                tap.started(i, System.nanoTime());
                connections.add(connection);
                loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)].open(connection);
            }
        }
    }

    /**
     * One selector thread and the connections it owns. Everything a connection does runs on its loop's thread, so
     * connections need no locks; the only hand-over is the queue of connections to open.
     */
    private final class SelectorLoop implements Runnable {
        private final Selector selector;
        private final Queue<Connection> toOpen = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        /** Reused for every small frame this loop sends: pongs, close frames, Engine.IO pongs (2 + 4 + 125 bytes). */
        private final ByteBuffer smallFrame = ByteBuffer.allocate(2 + 4 + MAX_CONTROL_PAYLOAD);
        private volatile boolean stopping;
        /** Receive time of the bytes being parsed: every frame of one read arrived at the same moment. */
        long readNanos;
        long readMicros;

        SelectorLoop(String name) {
            try {
                this.selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a selector", e);
            }
            this.thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void open(Connection connection) {
            toOpen.add(connection);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (!stopping) {
                    openQueued();
                    selector.select(this::handle);
                }
            } catch (IOException | ClosedSelectorException e) {
                recordFailure("selector thread " + thread.getName() + " stopped: " + e);
            } finally {
                closeAll();
            }
        }

        private void openQueued() {
            Connection connection;
            while ((connection = toOpen.poll()) != null) {
                try {
                    connection.open(this);
                } catch (IOException | RuntimeException e) {
                    connection.fail(e);
                }
            }
        }

        private void handle(SelectionKey key) {
            Connection connection = (Connection) key.attachment();
            try {
                if (key.isValid() && key.isConnectable()) {
                    connection.finishConnect();
                }
                if (key.isValid() && key.isWritable()) {
                    connection.flush();
                }
                if (key.isValid() && key.isReadable()) {
                    connection.read();
                }
            } catch (IOException | RuntimeException e) {
                connection.fail(e);
            }
        }

        /** Drops every connection without a close handshake, as aborting a client does. */
        private void closeAll() {
            try {
                for (SelectionKey key : selector.keys()) {
                    closeQuietly(key.channel());
                }
                selector.close();
            } catch (IOException | ClosedSelectorException ignored) {
                // closing anyway
            }
        }

        void stop() {
            stopping = true;
            selector.wakeup();
        }

        void join(long millis) throws InterruptedException {
            thread.join(millis);
        }
    }

    /** One WebSocket connection; touched only by its loop's thread once opened. */
    private final class Connection implements Dialect.Client {
        private final Batch batch;
        /** Its index in its batch's tokens and paths. */
        private final int index;
        private final String token;
        private SelectorLoop loop;
        private SocketChannel channel;
        private SelectionKey key;
        /** Bytes received and not yet parsed, kept in write mode between reads. */
        private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER_BYTES);
        /** Bytes the socket would not take yet (rare: only pongs and a close frame are sent). */
        private ByteBuffer pendingOut;
        private boolean closeWhenFlushed;
        private boolean upgraded;
        private volatile boolean greeted;
        /** Its handshake is over (welcomed, failed or closed): counted down in its batch, which starts the next. */
        private boolean settled;
        /** Counted as closed or failed: nothing more is counted for this connection. */
        private boolean finished;
        /** Written by the loop's thread only; read by whoever compares clients. */
        private volatile long events;
        /** A fragmented message being collected, or {@code messageOpcode < 0} when none. */
        private int messageOpcode = -1;
        private byte[] message;
        private int messageLength;

        Connection(Batch batch, int index) {
            this.batch = batch;
            this.index = index;
            this.token = batch.tokens.get(index);
        }

        void open(SelectorLoop owner) throws IOException {
            this.loop = owner;
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            key = channel.register(owner.selector, 0, this);
            if (channel.connect(batch.address)) {
                sendHandshake();
            } else {
                key.interestOps(SelectionKey.OP_CONNECT);
            }
        }

        void finishConnect() throws IOException {
            if (channel.finishConnect()) {
                sendHandshake();
            }
        }

        private void sendHandshake() throws IOException {
            key.interestOps(SelectionKey.OP_READ);
            send(ByteBuffer.wrap(handshakeRequest(batch.paths.get(index), batch.address.getPort(), token)));
        }

        void read() throws IOException {
            int n = channel.read(in);
            if (n < 0) {
                endOfStream();
                return;
            }
            loop.readNanos = System.nanoTime();
            loop.readMicros = BenchClock.micros();
            in.flip();
            int needed = upgraded ? parseFrames() : parseHeadThenFrames();
            if (finished || !channel.isOpen()) {
                return;
            }
            in.compact();
            if (needed > in.capacity()) {
                growReadBuffer(needed);
            }
        }

        /** @return the buffer size the next step needs, 0 when the current one is enough */
        private int parseHeadThenFrames() throws IOException {
            int headEnd = indexOfHeadEnd(in.array(), in.position(), in.limit());
            if (headEnd < 0) {
                return headTooLong();
            }
            String statusLine = statusLine(in.array(), headEnd);
            if (!isSwitchingProtocols(statusLine)) {
                failConnect(statusLine);
                return 0;
            }
            in.position(headEnd);
            upgraded = true;
            open.incrementAndGet();
            return parseFrames();
        }

        private int headTooLong() {
            if (in.limit() < in.capacity()) {
                return 0; // the rest of the head is still on its way
            }
            if (in.capacity() >= MAX_RESPONSE_HEAD_BYTES) {
                failConnect("no end of the HTTP answer's head in its first " + in.capacity() + " bytes");
                return 0;
            }
            return in.capacity() * 2;
        }

        /**
         * Handles every complete frame in the buffer, leaving a partial one for the next read.
         *
         * @return the size of the partial frame when it does not fit the buffer, else 0
         */
        private int parseFrames() throws IOException {
            byte[] bytes = in.array();
            int pos = in.position();
            int limit = in.limit();
            while (limit - pos >= 2 && !finished) {
                int b0 = bytes[pos] & 0xFF;
                int b1 = bytes[pos + 1] & 0xFF;
                if ((b0 & 0x70) != 0 || (b1 & 0x80) != 0) {
                    throw new ProtocolException("reserved bits or a mask in a server frame: " + b0 + ", " + b1);
                }
                int lengthBytes = extendedLengthBytes(b1 & 0x7F);
                if (limit - pos < 2 + lengthBytes) {
                    break;
                }
                int payloadLength = payloadLength(bytes, pos, b1 & 0x7F);
                int frameLength = 2 + lengthBytes + payloadLength;
                if (limit - pos < frameLength) {
                    in.position(pos);
                    return frameLength;
                }
                onFrame(b0, bytes, pos + 2 + lengthBytes, payloadLength);
                pos += frameLength;
            }
            in.position(pos);
            return 0;
        }

        private void onFrame(int b0, byte[] bytes, int offset, int length) throws IOException {
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if (opcode >= OP_CLOSE && (!fin || length > MAX_CONTROL_PAYLOAD)) {
                throw new ProtocolException("fragmented or oversized control frame, opcode " + opcode);
            }
            switch (opcode) {
                case OP_TEXT, OP_BINARY -> onDataFrame(opcode, fin, bytes, offset, length);
                case OP_CONTINUATION -> onContinuation(fin, bytes, offset, length);
                case OP_PING -> sendFrame(OP_PONG, bytes, offset, length); // same payload back
                case OP_PONG -> {
                    // we send no pings
                }
                case OP_CLOSE -> onCloseFrame(bytes, offset, length);
                default -> throw new ProtocolException("unknown opcode " + opcode);
            }
        }

        private void onDataFrame(int opcode, boolean fin, byte[] bytes, int offset, int length)
                throws ProtocolException {
            if (messageOpcode >= 0) {
                throw new ProtocolException("new message while a fragmented one is unfinished");
            }
            if (fin) {
                onMessage(opcode, bytes, offset, length);
            } else {
                messageOpcode = opcode;
                messageLength = 0;
                appendFragment(bytes, offset, length);
            }
        }

        private void onContinuation(boolean fin, byte[] bytes, int offset, int length) throws ProtocolException {
            if (messageOpcode < 0) {
                throw new ProtocolException("continuation frame without a message to continue");
            }
            appendFragment(bytes, offset, length);
            if (fin) {
                int opcode = messageOpcode;
                messageOpcode = -1;
                onMessage(opcode, message, 0, messageLength);
            }
        }

        private void appendFragment(byte[] bytes, int offset, int length) throws ProtocolException {
            int total = messageLength + length;
            if (total > MAX_MESSAGE_BYTES) {
                throw new ProtocolException("fragmented message longer than " + MAX_MESSAGE_BYTES + " bytes");
            }
            if (message == null || message.length < total) {
                message = Arrays.copyOf(message == null ? new byte[0] : message, Math.max(total, READ_BUFFER_BYTES));
            }
            System.arraycopy(bytes, offset, message, messageLength, length);
            messageLength = total;
        }

        /** A whole message, for the dialect to read. */
        private void onMessage(int opcode, byte[] bytes, int offset, int length) {
            if (opcode != OP_TEXT) {
                return; // the gateway sends no binary messages; the JDK client ignored them too
            }
            batch.tap.message(index, bytes, offset, length, loop.readNanos);
            dialect.onText(this, bytes, offset, length);
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public boolean welcomed() {
            return greeted;
        }

        @Override
        public void welcome() {
            if (!greeted && !finished) {
                greeted = true;
                welcomed.incrementAndGet();
                settle();
            }
        }

        @Override
        public void event(byte[] bytes, int offset, int length) {
            if (onEvent(loop, bytes, offset, length)) {
                events++;
            }
        }

        @Override
        public void other() {
            otherFrames.increment();
        }

        @Override
        public void reply(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                sendFrame(OP_TEXT, bytes, 0, bytes.length);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void refuse(String reason) {
            failConnect(reason);
        }

        /** Records the server's code, echoes it as the RFC asks, and closes once the echo is written. */
        private void onCloseFrame(byte[] bytes, int offset, int length) throws IOException {
            int code = length >= 2 ? (bytes[offset] & 0xFF) << 8 | bytes[offset + 1] & 0xFF : NO_STATUS_CODE;
            closed(code);
            sendFrame(OP_CLOSE, bytes, offset, Math.min(length, 2));
            if (pendingOut == null) {
                closeQuietly(channel);
            } else {
                closeWhenFlushed = true;
                key.interestOps(SelectionKey.OP_WRITE); // nothing more to read: the server has said goodbye
            }
        }

        /** A whole masked frame (client frames must be masked; any key will do). */
        private void sendFrame(int opcode, byte[] payload, int offset, int length) throws IOException {
            ByteBuffer frame = length <= MAX_CONTROL_PAYLOAD ? loop.smallFrame.clear()
                    : ByteBuffer.allocate(2 + 8 + 4 + length);
            int mask = ThreadLocalRandom.current().nextInt();
            frame.put((byte) (0x80 | opcode));
            if (length <= MAX_CONTROL_PAYLOAD) {
                frame.put((byte) (0x80 | length));
            } else if (length < 65_536) {
                frame.put((byte) (0x80 | 126)).putShort((short) length);
            } else {
                frame.put((byte) (0x80 | 127)).putLong(length);
            }
            frame.putInt(mask);
            for (int i = 0; i < length; i++) {
                frame.put((byte) (payload[offset + i] ^ mask >>> (24 - 8 * (i & 3))));
            }
            send(frame.flip());
        }

        private void send(ByteBuffer bytes) throws IOException {
            if (pendingOut == null) {
                channel.write(bytes);
                if (!bytes.hasRemaining()) {
                    return;
                }
            }
            queue(bytes);
        }

        /** Keeps what the socket did not take; copies, since {@code bytes} may be the loop's reused buffer. */
        private void queue(ByteBuffer bytes) {
            int pending = pendingOut == null ? 0 : pendingOut.remaining();
            ByteBuffer grown = ByteBuffer.allocate(pending + bytes.remaining());
            if (pendingOut != null) {
                grown.put(pendingOut);
            }
            pendingOut = grown.put(bytes).flip();
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }

        void flush() throws IOException {
            channel.write(pendingOut);
            if (pendingOut.hasRemaining()) {
                return;
            }
            pendingOut = null;
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            if (closeWhenFlushed) {
                closeQuietly(channel);
            }
        }

        private void growReadBuffer(int needed) throws ProtocolException {
            if (needed > MAX_MESSAGE_BYTES) {
                throw new ProtocolException("frame of " + needed + " bytes, more than " + MAX_MESSAGE_BYTES);
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(needed, in.capacity() * 2));
            in = bigger.put(in.flip());
        }

        private void endOfStream() {
            if (upgraded) {
                dropped("the server ended a connection without a close frame");
            } else {
                failConnect("the server ended the connection before answering the handshake");
            }
            closeQuietly(channel);
        }

        /** Any error on this connection: it is counted and dropped, the loop goes on. */
        void fail(Exception error) {
            if (upgraded) {
                dropped(String.valueOf(error));
            } else {
                failConnect(String.valueOf(error));
            }
            closeQuietly(channel);
        }

        /** An open connection lost without a close frame (unless it was already counted as closed). */
        private void dropped(String reason) {
            if (!finished) {
                recordFailure(reason);
                closed(CLOSED_WITHOUT_CLOSE_FRAME);
            }
        }

        /** Failed before its welcome: refused by the server (also after the upgrade), or never connected. */
        private void failConnect(String reason) {
            if (finished) {
                return;
            }
            finished = true;
            failedConnects.incrementAndGet();
            if (upgraded) {
                open.decrementAndGet();
            }
            recordFailure(reason);
            closeQuietly(channel);
            settle();
        }

        private void closed(int code) {
            if (finished) {
                return;
            }
            finished = true;
            open.decrementAndGet();
            closesByCode.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
            settle();
        }

        private void settle() {
            if (!settled) {
                settled = true;
                batch.done.countDown();
                batch.startNext();
            }
        }
    }

    /**
     * One event frame: counted, and its latency recorded when it carries a send time.
     *
     * @return whether it carried one (else it counts as another frame)
     */
    private boolean onEvent(SelectorLoop loop, byte[] bytes, int offset, int length) {
        long sent = sendTimes.of(bytes, offset, offset + length);
        if (sent < 0) {
            otherFrames.increment();
            return false;
        }
        long latencyMicros = Math.max(0, loop.readMicros - sent);
        latency.recordValue(Math.min(latencyMicros, MAX_LATENCY_MICROS));
        frames.increment();
        frameBytes.add(length);
        lastFrameNanos.accumulate(loop.readNanos);
        return true;
    }

    /** The digits after {@link EventLoad#MARKER} in {@code bytes[from, to)}, or -1 when the frame carries none. */
    static long sendMicros(byte[] bytes, int from, int to) {
        int at = indexOf(bytes, from, to, MARKER);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int j = at + MARKER.length; j < to; j++) {
            int b = bytes[j];
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        return digits > 0 ? value : -1;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
        int end = to - needle.length;
        byte first = needle[0];
        outer:
        for (int i = from; i <= end; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int extendedLengthBytes(int length7) {
        return length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
    }

    private static int payloadLength(byte[] bytes, int frameStart, int length7) throws ProtocolException {
        if (length7 < 126) {
            return length7;
        }
        if (length7 == 126) {
            return (bytes[frameStart + 2] & 0xFF) << 8 | bytes[frameStart + 3] & 0xFF;
        }
        long length = 0;
        for (int i = 0; i < 8; i++) {
            length = length << 8 | bytes[frameStart + 2 + i] & 0xFF;
        }
        if (length < 0 || length > MAX_MESSAGE_BYTES) {
            throw new ProtocolException("frame of " + length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        return (int) length;
    }

    /** The index just past the head's closing CRLFCRLF, or -1 when it has not arrived yet. */
    private static int indexOfHeadEnd(byte[] bytes, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static String statusLine(byte[] head, int headEnd) {
        int end = 0;
        while (end < headEnd && head[end] != '\r') {
            end++;
        }
        return new String(head, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static boolean isSwitchingProtocols(String statusLine) {
        return statusLine.matches("HTTP/1\\.[01] 101( .*)?");
    }

    /**
     * The upgrade request. The {@code Sec-WebSocket-Accept} of the answer is not checked: the server is ours, and a
     * wrong answer would show as missing welcomes anyway.
     */
    private static byte[] handshakeRequest(String path, int port, String token) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "\r\n";
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    private void recordFailure(String failure) {
        if (firstFailure == null) {
            firstFailure = failure;
        }
    }

    /** Event frames received so far. */
    long frames() {
        return frames.sum();
    }

    /** Payload bytes of the event frames received so far. */
    long frameBytes() {
        return frameBytes.sum();
    }

    /** Text frames other than welcomes that carry no send time (Socket.IO's {@code connection:success} too). */
    long otherFrames() {
        return otherFrames.sum();
    }

    /**
     * Event frames received by each welcomed connection so far, in the order the connections were started: two calls
     * with no connect in between list the same connections in the same order.
     */
    long[] framesByConnection() {
        return connections.stream().filter(c -> c.greeted).mapToLong(c -> c.events).toArray();
    }

    /** nanoTime of the last event frame received. */
    long lastFrameNanos() {
        return lastFrameNanos.get();
    }

    /** Latencies recorded since the previous call (in microseconds); the next interval starts empty. */
    Histogram takeLatencies() {
        return latency.getIntervalHistogram();
    }

    int open() {
        return open.get();
    }

    int failedConnects() {
        return failedConnects.get();
    }

    String firstFailure() {
        return firstFailure;
    }

    /** Close codes of connections that were closed, e.g. {4008=3}; -1 when the TCP connection ended without one. */
    Map<Integer, Integer> closes() {
        Map<Integer, Integer> copy = new TreeMap<>();
        closesByCode.forEach((code, count) -> copy.put(code, count.get()));
        return copy;
    }

    /** Drops every connection (no close handshake, like aborting) and stops the selector threads. */
    @Override
    public void close() {
        for (SelectorLoop loop : loops) {
            loop.stop();
        }
        try {
            for (SelectorLoop loop : loops) {
                loop.join(TimeUnit.SECONDS.toMillis(3));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
