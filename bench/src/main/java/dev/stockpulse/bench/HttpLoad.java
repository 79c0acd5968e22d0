package dev.stockpulse.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The end-to-end bench's REST load: HTTP/1.1 POSTs over keep-alive connections, one request in flight per connection,
 * all on one selector thread. A connection is opened when every open one is busy, so there are as many as requests in
 * flight, and kept for the next request.
 *
 * <p>Why not the JDK's {@code java.net.http.HttpClient}, which the bench uses for everything else: at 500 requests/s
 * its worker and selector threads took about a quarter of a core (0.4–0.5 ms of CPU per request, measured by thread
 * in the bench's JVM), on the two cores the services under test share with it. A load generator that costs less
 * leaves the services what a client on another machine would. With this one the bench's whole JVM, the Kafka broker
 * included, spent 0.14–0.16 ms per adjustment at 1,000/s. It reads what the adjust endpoint answers (a status line, headers, a body of {@code Content-Length} bytes or chunked) and
 * nothing more: no redirects, no TLS, no HTTP/2.
 */
final class HttpLoad implements AutoCloseable {

    /** Called on the selector thread with the status and body, or with the error that ended the request. */
    interface Callback {
        void done(int status, String body, Throwable error);
    }

    private final InetSocketAddress address;
    private final String hostHeader;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Request> submitted = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private volatile boolean closed;

    HttpLoad(URI base) throws IOException {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.hostHeader = base.getHost() + ":" + base.getPort();
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "http-load");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Sends {@code POST path} with the given headers (each {@code "Name: value"}) and JSON body. */
    void post(String path, String[] headers, String json, Callback callback) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        byte[] start = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer bytes = ByteBuffer.allocate(start.length + body.length).put(start).put(body).flip();
        submitted.add(new Request(bytes, callback));
        selector.wakeup();
    }

    private void loop() {
        try {
            while (!closed) {
                selector.select();
                Request request;
                while ((request = submitted.poll()) != null) {
                    start(request);
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Connection connection = (Connection) key.attachment();
                    try {
                        connection.ready(key);
                    } catch (IOException | RuntimeException e) {
                        connection.fail(e);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                throw new IllegalStateException("The REST load's selector failed", e);
            }
        }
    }

    private void start(Request request) {
        Connection connection = idle.pollLast();
        try {
            if (connection == null) {
                connection = new Connection();
            }
            connection.send(request);
        } catch (IOException | RuntimeException e) {
            request.callback.done(0, null, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(5_000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Request(ByteBuffer bytes, Callback callback) {
    }

    /** One keep-alive connection: writes a request, reads its response, then waits in {@link #idle} for the next. */
    private final class Connection {

        private final SocketChannel channel;
        private final SelectionKey key;
        private final Response response = new Response();
        private Request current;

        Connection() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.configureBlocking(false);
            boolean connected = channel.connect(address);
            key = channel.register(selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
        }

        void send(Request request) throws IOException {
            current = request;
            response.reset();
            if (channel.isConnected()) {
                write();
            }
        }

        void ready(SelectionKey k) throws IOException {
            if (k.isConnectable() && channel.finishConnect()) {
                write();
                return;
            }
            if (k.isWritable()) {
                write();
            }
            if (k.isReadable()) {
                read();
            }
        }

        private void write() throws IOException {
            channel.write(current.bytes);
            key.interestOps(current.bytes.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read() throws IOException {
            if (current == null) {
                // An idle connection that became readable: the server closed it (or said something unasked).
                idle.remove(this);
                close();
                return;
            }
            ByteBuffer in = response.buffer();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("the server closed the connection before its answer was complete");
            }
            if (!response.parse()) {
                return;
            }
            Request done = current;
            current = null;
            boolean keep = response.keepAlive;
            if (keep) {
                key.interestOps(SelectionKey.OP_READ);
                idle.addLast(this);
            } else {
                close();
            }
            done.callback.done(response.status, response.body, null);
        }

        void fail(Exception e) {
            close();
            idle.remove(this);
            if (current != null) {
                Request failed = current;
                current = null;
                failed.callback.done(0, null, e);
            }
        }

        private void close() {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    /** An HTTP/1.1 response read incrementally: the head, then a body by Content-Length or chunks. */
    static final class Response {

        private ByteBuffer in = ByteBuffer.allocate(4096);
        int status;
        String body;
        boolean keepAlive;

        ByteBuffer buffer() {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            return in;
        }

        void reset() {
            in.clear();
            status = 0;
            body = null;
            keepAlive = true;
        }

        /** True once the whole response is in; its fields are then set. */
        boolean parse() {
            byte[] bytes = in.array();
            int length = in.position();
            int headEnd = indexOf(bytes, 0, length, "\r\n\r\n");
            if (headEnd < 0) {
                return false;
            }
            String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
            String[] lines = head.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
                throw new IllegalStateException("not an HTTP/1.1 response: " + lines[0]);
            }
            long contentLength = -1;
            boolean chunked = false;
            boolean keep = statusLine[0].equals("HTTP/1.1");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keep = !value.equalsIgnoreCase("close")
                            && (keep || value.equalsIgnoreCase("keep-alive"));
                    default -> {
                    }
                }
            }
            int bodyStart = headEnd + 4;
            String parsed;
            if (chunked) {
                parsed = dechunk(bytes, bodyStart, length);
                if (parsed == null) {
                    return false;
                }
            } else if (contentLength >= 0) {
                if (length - bodyStart < contentLength) {
                    return false;
                }
                parsed = new String(bytes, bodyStart, (int) contentLength, StandardCharsets.UTF_8);
            } else {
                throw new IllegalStateException("a response without Content-Length or chunks: " + lines[0]);
            }
            status = Integer.parseInt(statusLine[1]);
            body = parsed;
            keepAlive = keep;
            return true;
        }

        /** The body of a complete chunked message, or null while the last (empty) chunk has not arrived. */
        private static String dechunk(byte[] bytes, int from, int length) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = from;
            while (true) {
                int lineEnd = indexOf(bytes, at, length, "\r\n");
                if (lineEnd < 0) {
                    return null;
                }
                String sizeLine = new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                int dataStart = lineEnd + 2;
                if (size == 0) {
                    // No trailers are asked for; the message ends with the empty line after the last chunk.
                    return indexOf(bytes, dataStart, length, "\r\n") == dataStart
                            ? body.toString(StandardCharsets.UTF_8) : null;
                }
                if (length < dataStart + size + 2) {
                    return null;
                }
                body.write(bytes, dataStart, size);
                at = dataStart + size + 2;
            }
        }

        private static int indexOf(byte[] bytes, int from, int to, String ascii) {
            outer:
            for (int i = from; i <= to - ascii.length(); i++) {
                for (int j = 0; j < ascii.length(); j++) {
                    if (bytes[i + j] != ascii.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
