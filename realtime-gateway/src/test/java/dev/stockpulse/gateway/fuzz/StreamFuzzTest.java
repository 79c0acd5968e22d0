package dev.stockpulse.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.stockpulse.gateway.core.delivery.CloseCode;
import dev.stockpulse.gateway.protocol.ErrorCode;
import dev.stockpulse.gateway.support.LiveGatewayTest;
import dev.stockpulse.gateway.support.WsClient;
import dev.stockpulse.localstack.DevTokens;
import dev.stockpulse.localstack.fuzz.FuzzSettings;
import dev.stockpulse.localstack.fuzz.HostileValues;
import dev.stockpulse.localstack.test.LocalStackTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Generated WebSocket and SSE inputs against the running gateway: upgrades and streams with hostile tokens, channels
 * and positions; on open connections garbage text, bad JSON, every JSON type, unknown and malformed actions, crafted
 * {@code since} positions, tokens in {@code auth}, binary and oversized frames. Every answer must be a documented frame
 * (error frames with a documented code), close code or refusal status, and the gateway must still be ready after.
 * One {@link Random} from the seed drives everything in one thread; see local-stack's README, "Fuzz suites".
 */
@QuarkusTest
@WithTestResource(LocalStackTestResource.class)
class StreamFuzzTest extends LiveGatewayTest {

    private static final Set<String> FRAME_TYPES = Set.of("welcome", "event", "recovery", "subscribed", "unsubscribed",
            "pong", "authenticated", "stats", "error");
    private static final Set<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
            .collect(Collectors.toSet());
    private static final Set<Integer> CLOSE_CODES = Arrays.stream(CloseCode.values()).map(CloseCode::code)
            .collect(Collectors.toSet());
    /** Version 1, then a topic index as a 10-byte varint, and other positions no gateway wrote. */
    private static final List<String> CRAFTED_POSITIONS = List.of("Af___________wEAAA", "AQ", "AA", "Ag", "AQAA",
            "AQCA", "AQAAgICAgICAgICAAQ", "AQUAAA", "_w", "AQ==", "A", "AQAAAQ", "AQD_____Dw", "AQAB_________38");
    private static final List<String> CHANNELS = List.of("stock", "products", "alerts", "orders", "notifications",
            "all", "ALL", "forecasts", "", " stock ", "stock,stock", ",,,");

    @ConfigProperty(name = "gateway.limits.max-message-chars")
    int maxMessageChars;

    private Random random;
    private HostileValues values;
    private int connection;
    private final List<String> failures = new ArrayList<>();

    StreamFuzzTest() {
        super("tenant-fuzz");
    }

    @Test
    void everyWebSocketAndSseInputGetsADocumentedAnswerAndTheGatewayStaysReady() {
        FuzzSettings settings = FuzzSettings.fromSystemProperties();
        random = new Random(settings.seed() ^ "realtime-gateway-stream".hashCode());
        values = new HostileValues(random);
        int target = settings.count(5_000);
        System.out.printf("realtime-gateway stream fuzz: seed %d (override with -Dstockpulse.fuzz.seed), %d inputs%n",
                settings.seed(), target);
        long start = System.nanoTime();
        int webSocket = 0;
        int sse = 0;
        while (webSocket + sse < target && System.nanoTime() - start < settings.deadline().toNanos()) {
            connection++;
            if (random.nextInt(5) == 0) {
                sse += sse();
            } else {
                webSocket += webSocket();
            }
        }
        String summary = String.format("realtime-gateway stream fuzz: seed %d, %d WebSocket and %d SSE inputs in %d s,"
                + " %d failures%s", settings.seed(), webSocket, sse, Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                failures.size(), failures.isEmpty() ? "" : " (replay: -Dstockpulse.fuzz.seed=" + settings.seed() + ")\n"
                        + String.join("\n", failures.subList(0, Math.min(25, failures.size()))));
        System.out.println(summary);
        writeReport(summary);
        assertThat(failures).as(summary).isEmpty();
        await().atMost(Duration.ofSeconds(30)).until(this::ready);
    }

    /** Every failure, to {@code target/fuzz/realtime-gateway-stream.txt} (the console shows the first 25). */
    private void writeReport(String summary) {
        try {
            java.nio.file.Path file = java.nio.file.Path.of("target", "fuzz", "realtime-gateway-stream.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, summary + "\n\nAll failures:\n" + String.join("\n", failures) + "\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- WebSocket

    /** One connection: a hostile upgrade, or an upgrade and up to 15 messages; returns the inputs it sent. */
    private int webSocket() {
        String user = "fuzz-" + connection;
        if (values.chance(0.1)) {
            return hostileUpgrade(user);
        }
        String token = values.chance(0.2) ? DevTokens.admin(tenant, user) : DevTokens.user(tenant, user);
        StringBuilder query = new StringBuilder("/ws?x=1");
        if (values.chance(0.6)) {
            query.append("&channels=").append(encode(channels()));
        }
        if (values.chance(0.4)) {
            query.append("&since=").append(encode(position()));
        }
        boolean inQuery = values.chance(0.3);
        if (inQuery) {
            query.append("&access_token=").append(token);
        }
        String context = "connection " + connection + " " + query;
        WsClient client;
        try {
            client = WsClient.connect(base, query.toString(), inQuery ? Map.of() : Map.of("Authorization", "Bearer " + token));
        } catch (RuntimeException e) {
            failures.add(context + ": upgrade failed: " + e.getMessage());
            return 1;
        }
        List<String> sent = new ArrayList<>();
        try (client) {
            int inputs = 1 + random.nextInt(15);
            boolean oversized = false;
            boolean dropped = false;
            for (int i = 0; i < inputs && !client.isClosed(); i++) {
                int kind = random.nextInt(40);
                if (kind == 0) {
                    byte[] data = new byte[random.nextInt(200)];
                    random.nextBytes(data);
                    sent.add("binary " + data.length + " bytes");
                    client.sendBinary(data);
                } else if (kind == 1) {
                    boolean beyondHardLimit = values.chance(0.2);
                    String big = "{\"action\":\"ping\",\"pad\":\"" + "x".repeat(beyondHardLimit ? 70_000 : 5_000) + "\"}";
                    sent.add("oversized " + big.length() + " chars");
                    oversized = true;
                    dropped |= beyondHardLimit;
                    client.send(big);
                } else {
                    String message = message(user);
                    sent.add(excerpt(message));
                    oversized |= message.length() > maxMessageChars;
                    client.send(message);
                }
            }
            String sentinel = "fuzz-sentinel-" + connection;
            client.send(new JsonObject().put("action", sentinel));
            await().atMost(Duration.ofSeconds(20)).until(() -> client.isClosed() || client.frames().stream()
                    .anyMatch(f -> "error".equals(f.getString("type")) && f.getString("message", "").contains(sentinel)));
            check(context, sent, client, oversized, dropped);
            return 1 + sent.size();
        } catch (RuntimeException e) {
            failures.add(context + ": " + e + "\n  sent: " + sent);
            return 1 + sent.size();
        }
    }

    private void check(String context, List<String> sent, WsClient client, boolean oversized, boolean dropped) {
        List<JsonObject> frames = client.frames();
        if (frames.isEmpty() || !"welcome".equals(frames.get(0).getString("type"))) {
            failures.add(context + ": no welcome first: " + frames);
        }
        for (JsonObject frame : frames) {
            String type = frame.getString("type");
            if (!FRAME_TYPES.contains(type) || "error".equals(type) && !ERROR_CODES.contains(frame.getString("code"))) {
                failures.add(context + ": undocumented frame " + frame + "\n  sent: " + sent);
            }
        }
        if (client.isClosed()) {
            int code = client.awaitClosed();
            // Past the hard 64 KiB limit Vert.x itself ends the connection: with 1011, or without a close frame.
            boolean documented = CLOSE_CODES.contains(code) && (code != CloseCode.MESSAGE_TOO_BIG.code() || oversized)
                    || (code == -1 || code == 1011) && dropped;
            if (!documented) {
                failures.add(context + ": closed with " + code + client.error().map(e -> " (client: " + e + ")").orElse("")
                        + "\n  sent: " + sent);
            }
        }
    }

    /** An upgrade with a bad token: refused with 401 or 403, never accepted and never a 5xx. */
    private int hostileUpgrade(String user) {
        String bad = switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> DevTokens.token(tenant, user, Set.of("user"), Duration.ofMinutes(-5));
            case 2 -> tampered(DevTokens.user(tenant, user));
            case 3 -> "not.a.token";
            case 4 -> asciiGarbage(200);
            default -> DevTokens.user(tenant, user) + "x";
        };
        boolean inQuery = values.chance(0.5);
        String path = "/ws?channels=" + encode(channels()) + (inQuery ? "&access_token=" + encode(bad) : "");
        Map<String, String> headers = inQuery || bad.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + bad);
        try {
            Optional<Integer> refused = WsClient.rejectionStatus(base, path, headers);
            if (refused.isEmpty() || refused.get() != 401 && refused.get() != 403) {
                failures.add("connection " + connection + " " + path + " " + headers + ": upgrade answered "
                        + refused.map(String::valueOf).orElse("101 (accepted)"));
            }
        } catch (RuntimeException e) {
            failures.add("connection " + connection + " " + path + ": " + e);
        }
        return 1;
    }

    private String asciiGarbage(int max) {
        StringBuilder out = new StringBuilder();
        for (int i = random.nextInt(max) + 1; i > 0; i--) {
            out.append((char) (0x21 + random.nextInt(0x5E)));
        }
        return out.toString();
    }

    /**
     * One client message: garbage, any JSON, or an action with hostile fields. Unpaired surrogates only inside JSON
     * escapes: a text frame is UTF-8, which cannot carry them (clients refuse to send them).
     */
    private String message(String user) {
        return withoutUnpairedSurrogates(switch (random.nextInt(12)) {
            case 0 -> values.text(300);
            case 1 -> values.pick(List.of("{", "{\"action\":", "{\"action\":\"ping\"", "[", "\"", "{}}", "{\"action\":1}",
                    "{\"action\":null}", "{\"action\":\"ping\",}", "\u0000", "{\"action\":\"ping\"}{\"action\":\"ping\"}"));
            case 2 -> values.jsonValue();
            case 3 -> "{\"action\":" + values.jsonString(values.text(100)) + "}";
            case 4, 5 -> action(values.pick(List.of("subscribe", "unsubscribe")), "channel", values.chance(0.5)
                    ? values.jsonString(values.pick(CHANNELS)) : value(), "since", values.chance(0.6)
                    ? values.jsonString(position()) : value());
            case 6 -> action("auth", "token", values.jsonString(token(user)), null, null);
            case 7 -> action("auth", "token", value(), null, null);
            case 8 -> action("stats", "x", value(), null, null);
            case 9 -> action("ping", values.jsonString(values.text(20)), value(), null, null);
            case 10 -> "{\"action\":\"subscribe\",\"channel\":\"stock\",\"channel\":" + value() + "}";
            default -> action(values.jsonString(values.text(20)), "channel", value(), null, null);
        });
    }

    private static String withoutUnpairedSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }

    private String action(String action, String field, String value, String field2, String value2) {
        String name = action.startsWith("\"") ? action : "\"" + action + "\"";
        StringBuilder out = new StringBuilder("{\"action\":").append(name);
        if (field != null) {
            out.append(',').append(field.startsWith("\"") ? field : "\"" + field + "\"").append(':').append(value);
        }
        if (field2 != null && values.chance(0.7)) {
            out.append(",\"").append(field2).append("\":").append(value2);
        }
        return out.append('}').toString();
    }

    private String value() {
        return values.chance(0.5) ? values.jsonValue() : values.jsonString(values.text(200));
    }

    /** A token for {@code auth}: the same user's (fresh), another user's, another tenant's, expired, garbage. */
    private String token(String user) {
        return switch (random.nextInt(6)) {
            case 0 -> DevTokens.user(tenant, user);
            case 1 -> DevTokens.user(tenant, "someone-else");
            case 2 -> DevTokens.admin("other-" + tenant, user);
            case 3 -> DevTokens.token(tenant, user, Set.of("user"), Duration.ofMinutes(-5));
            case 4 -> tampered(DevTokens.user(tenant, user));
            default -> values.text(300);
        };
    }

    private String channels() {
        List<String> names = new ArrayList<>();
        for (int i = random.nextInt(4); i >= 0; i--) {
            names.add(values.chance(0.6) ? values.pick(CHANNELS) : values.text(40));
        }
        return String.join(",", names);
    }

    private String position() {
        return switch (random.nextInt(3)) {
            case 0 -> values.pick(CRAFTED_POSITIONS);
            case 1 -> {
                byte[] bytes = new byte[random.nextInt(30)];
                random.nextBytes(bytes);
                if (bytes.length > 0) {
                    bytes[0] = 1;
                }
                yield java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
            default -> values.text(values.chance(0.05) ? 3000 : 100);
        };
    }

    // ---- SSE

    /**
     * One stream, over a plain socket so that anything can be sent: hostile channels, positions (as {@code since} and
     * as {@code Last-Event-ID}), tokens and {@code Accept}. A 200 must start with the welcome and carry only documented
     * events; anything else must be a documented refusal (401, 403).
     */
    private int sse() {
        String user = "fuzz-" + connection;
        boolean goodToken = values.chance(0.8);
        String token = goodToken ? DevTokens.user(tenant, user) : values.pick(List.of("", "garbage", asciiGarbage(100),
                tampered(DevTokens.user(tenant, user)), DevTokens.token(tenant, user, Set.of("user"), Duration.ofMinutes(-5))));
        StringBuilder target = new StringBuilder("/stream/events?x=1");
        if (values.chance(0.6)) {
            target.append("&channels=").append(values.chance(0.1) ? values.pick(RAW_ENCODINGS) : encode(channels()));
        }
        boolean since = false;
        if (values.chance(0.3)) {
            target.append("&since=").append(values.chance(0.1) ? values.pick(RAW_ENCODINGS) : encode(position()));
            since = true;
        }
        StringBuilder head = new StringBuilder();
        if (values.chance(0.3)) {
            target.append("&access_token=").append(encode(token));
        } else if (!token.isEmpty()) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (values.chance(0.3)) {
            String position = position();
            // a header carries visible ASCII here: Netty refuses control characters in headers before any route runs
            head.append("Last-Event-ID: ").append(position.chars().map(c -> c < 0x20 || c >= 0x7F ? '?' : c)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)).append("\r\n");
            since = since || !position.isBlank();
        }
        if (values.chance(0.2)) {
            head.append("Accept: ").append(values.pick(List.of("text/event-stream", "application/json", "*/*", ",,")))
                    .append("\r\n");
        }
        String context = "stream " + connection + " GET " + target + "\n  " + head.toString().replace("\r\n", "\n  ");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 20_000);
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\n" + head
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            checkStream(context, target.toString(), socket, since);
        } catch (IOException | RuntimeException e) {
            failures.add(context + ": " + e);
        }
        return 1;
    }

    private static final java.util.regex.Pattern MALFORMED_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");
    private static final List<String> RAW_ENCODINGS = List.of("%", "%Z1", "%FF%FE", "%C0%80", "%ED%A0%80", "+", "%00");

    /**
     * Reads the answer up to the welcome and, when a position was sent, the recovery answer, for at most 5 s (the
     * stream itself never ends: heartbeats keep it going), and checks it.
     */
    private void checkStream(String context, String target, Socket socket, boolean since) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        InputStream in = socket.getInputStream();
        String text = "";
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            received.write(buffer, 0, n);
            text = received.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                continue;
            }
            int status = Integer.parseInt(text.substring(9, 12));
            if (status != 200) {
                // a malformed percent-encoding is refused by Vert.x, bodiless, before the route runs
                boolean malformed = status == 400 && MALFORMED_ESCAPE.matcher(target).find();
                if (status != 401 && status != 403 && !malformed) {
                    failures.add(context + ": answered " + text.substring(0, Math.min(text.length(), 300)));
                }
                return;
            }
            if (text.contains("event: welcome") && (!since || text.contains("event: recovery"))
                    && text.lastIndexOf("\n\n") > text.lastIndexOf("event: ")) {
                break;
            }
        }
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0 || !text.contains("event: welcome")) {
            failures.add(context + ": no welcome within 5 s: " + text);
            return;
        }
        checkEvents(context, text.substring(headEnd + 4, Math.max(headEnd + 4, text.lastIndexOf("\n\n") + 2)));
    }

    private void checkEvents(String context, String chunkedBody) {
        List<String> names = new ArrayList<>();
        for (String line : chunkedBody.split("\r?\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            } else if (line.startsWith("data: ")) {
                JsonObject data = WsClient.parse(line.substring(6));
                String type = data.getString("type");
                if ("error".equals(type) && !ERROR_CODES.contains(data.getString("code"))
                        || "close".equals(type) && !CLOSE_CODES.contains(data.getInteger("code"))) {
                    failures.add(context + ": undocumented " + data);
                }
            }
        }
        if (names.isEmpty() || !names.get(0).equals("welcome")
                || !names.stream().allMatch(n -> Set.of("welcome", "error", "recovery", "close").contains(n)
                        || n.startsWith("inventory.") || n.startsWith("sales."))) {
            failures.add(context + ": events " + names);
        }
    }

    private boolean ready() throws IOException, InterruptedException {
        java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(base.resolve("/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    private static String tampered(String token) {
        return token.substring(0, token.length() - 4) + "AAAA";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String excerpt(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…(" + text.length() + ")" : text;
    }
}
