package dev.stockpulse.localstack.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection. The fuzz suites need it because ordinary clients refuse to
 * send what they are meant to send: a malformed percent-encoding, any method on any path, any {@code Content-Type} with
 * any bytes, headers a client library manages itself.
 */
public final class RawHttp {

    /** A request as it goes on the wire; the target is sent as is (already percent-encoded, or deliberately not). */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {

        public String describe() {
            StringBuilder out = new StringBuilder(method).append(' ').append(target);
            headers.forEach(h -> out.append("\n  ").append(h.getKey()).append(": ").append(excerpt(h.getValue(), 120)));
            if (body.length > 0) {
                out.append("\n  body (").append(body.length).append(" bytes): ")
                        .append(excerpt(new String(body, StandardCharsets.UTF_8), 400));
            }
            return out.toString();
        }
    }

    /** The answer; header names in lower case, the body de-chunked. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    public static Response exchange(String host, int port, Request request, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder(request.method()).append(' ').append(request.target())
                    .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port).append("\r\n");
            for (Map.Entry<String, String> header : request.headers()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            head.append("Content-Length: ").append(request.body().length).append("\r\nConnection: close\r\n\r\n");
            // ISO-8859-1: one byte per char, so header values can carry any byte the fuzzer chose
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.write(request.body());
                out.flush();
            } catch (IOException refusedEarly) {
                // A server may answer (a 401, a 413) and close before it has read the whole body: read that answer.
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request.method() + " " + request.target(), e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                all.write(buffer, 0, n);
            }
        } catch (IOException reset) {
            // a connection reset after the answer (the server closed with the request body unread) keeps the answer
            if (all.size() == 0) {
                throw reset;
            }
        }
        return all.toByteArray();
    }

    static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
            throw new IllegalStateException("not an HTTP answer: " + excerpt(new String(raw, StandardCharsets.ISO_8859_1), 200));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, new byte[] {'\r', '\n'}, at);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, Math.min(length, chunked.length - lineEnd - 2));
            at = lineEnd + 2 + length + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String excerpt(String text, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) ? String.format("\\u%04X", (int) c) : c);
        }
        return text.length() > max ? out + "…(" + text.length() + " chars)" : out.toString();
    }

    static List<Map.Entry<String, String>> headers() {
        return new ArrayList<>();
    }
}
